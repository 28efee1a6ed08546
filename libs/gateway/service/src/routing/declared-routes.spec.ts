import { ProblemException } from '@credits/platform/core';
import type { NextFunction, Request, Response } from 'express';
import { DeclaredRoutes, methodNotAllowed } from './declared-routes';

describe('DeclaredRoutes', () => {
  const routes = new DeclaredRoutes()
    .add('GET', 'v1/locations')
    .add('POST', 'v1/locations')
    .add('GET', 'v1/locations/:locationId/users/:userId/credits')
    .add('POST', '/v1/locations/:locationId/users/:userId/credits/deductions')
    .add('PATCH', 'v1/locations/:locationId/settings');

  it('names the methods declared at a path, GET with HEAD', () => {
    expect(routes.methodsAt('/v1/locations')).toEqual(['GET', 'HEAD', 'POST']);
    expect(routes.methodsAt('/v1/locations/0b6f/users/auth0%7C64f1c2/credits')).toEqual(['GET', 'HEAD']);
    expect(routes.methodsAt('/v1/locations/0b6f/users/alice/credits/deductions')).toEqual(['POST']);
  });

  it('matches as the router does: a parameter is one segment; a trailing slash and letter case do not matter', () => {
    expect(routes.methodsAt('/v1/locations/0b6f/settings/')).toEqual(['PATCH']);
    expect(routes.methodsAt('/V1/Locations')).toEqual(['GET', 'HEAD', 'POST']);
    expect(routes.methodsAt('/v1/locations/a/b/settings')).toEqual([]);
    expect(routes.methodsAt('/v1/locations/0b6f/users//credits')).toEqual([]);
  });

  it('knows no method at a path no route has', () => {
    expect(routes.methodsAt('/v1/nothing')).toEqual([]);
    expect(routes.methodsAt('/v1/locations.json')).toEqual([]);
  });

  it('tells whether a route declares a method at a path', () => {
    expect(routes.declares('GET', '/v1/locations/0b6f/users/alice/credits')).toBe(true);
    expect(routes.declares('HEAD', '/v1/locations/0b6f/users/alice/credits')).toBe(true);
    expect(routes.declares('DELETE', '/v1/locations/0b6f/users/alice/credits')).toBe(false);
    expect(routes.declares('GET', '/v1/locations/0b6f/users/alice/credits/deductions')).toBe(false);
    expect(routes.add('DELETE', 'v1/locations/:locationId/users/:userId/credits').declares('DELETE', '/v1/locations/0b6f/users/alice/credits')).toBe(true);
  });

  describe('methodNotAllowed (middleware)', () => {
    const middleware = methodNotAllowed(new DeclaredRoutes().add('GET', 'v1/me').add('POST', 'v1/locations').add('GET', 'v1/locations'));
    const run = (method: string, path: string) => {
      const headers: Record<string, string> = {};
      let passed: unknown = 'not called';
      const next: NextFunction = (error?: unknown) => (passed = error);
      middleware({ method, path } as Request, { setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as Response, next);
      return { headers, passed };
    };

    it('refuses a method the path does not declare: 405 problem with Allow', () => {
      const { headers, passed } = run('DELETE', '/v1/locations');
      expect(headers).toEqual({ allow: 'GET, HEAD, POST' });
      expect(passed).toBeInstanceOf(ProblemException);
      expect((passed as ProblemException).toProblem()).toMatchObject({ status: 405, type: 'https://credits.example/problems/method-not-allowed', title: 'Method not allowed' });
      expect((passed as ProblemException).detail).toMatch(/DELETE is not allowed on this path; allowed: GET, HEAD, POST/);
    });

    it('passes declared methods, unknown paths (404 stays the router’s) and OPTIONS (CORS) on', () => {
      expect(run('POST', '/v1/locations')).toEqual({ headers: {}, passed: undefined });
      expect(run('HEAD', '/v1/me')).toEqual({ headers: {}, passed: undefined });
      expect(run('DELETE', '/v1/nothing')).toEqual({ headers: {}, passed: undefined });
      expect(run('OPTIONS', '/v1/me')).toEqual({ headers: {}, passed: undefined });
    });
  });
});
