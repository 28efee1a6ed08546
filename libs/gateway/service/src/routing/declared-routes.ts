import { ProblemException, routePattern } from '@credits/platform/core';
import type { NextFunction, Request, Response } from 'express';

const sourceOf = (path: string) => routePattern(path).source;
const matcher = (sources: readonly string[]) => new RegExp(`^(?:${sources.join('|')})/?$`, 'i');

/** The methods each route path declares, to tell a path nobody serves (404) from a method it does not take (405). */
export class DeclaredRoutes {
  private readonly routes = new Map<string, { readonly pattern: RegExp; readonly methods: Set<string> }>();
  /** per method, one expression for all its paths: the common case (a declared method) costs one test */
  private byMethod = new Map<string, RegExp>();

  add(method: string, path: string): this {
    const normalized = `/${path}`.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
    const route = this.routes.get(normalized) ?? { pattern: matcher([sourceOf(normalized)]), methods: new Set<string>() };
    route.methods.add(method.toUpperCase());
    if (method.toUpperCase() === 'GET') route.methods.add('HEAD'); // the router answers HEAD with the GET route
    this.routes.set(normalized, route);
    this.byMethod = new Map();
    return this;
  }

  /** Whether a route declares this method at this path. */
  declares(method: string, path: string): boolean {
    if (this.byMethod.size === 0) {
      const sources = new Map<string, string[]>();
      for (const [routePath, route] of this.routes) for (const declared of route.methods) sources.set(declared, [...(sources.get(declared) ?? []), sourceOf(routePath)]);
      this.byMethod = new Map([...sources].map(([declared, paths]) => [declared, matcher(paths)]));
    }
    return this.byMethod.get(method)?.test(path) ?? false;
  }

  /** The methods some route at this path declares, in a stable order; empty when none is at it. */
  methodsAt(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes.values()) if (route.pattern.test(path)) for (const method of route.methods) methods.add(method);
    return [...methods].sort();
  }
}

/**
 * Express middleware: a method no route declares at a path that exists is 405 problem+json with
 * `Allow` (RFC 9110), not 404 as if the path did not exist. OPTIONS stays with CORS and the router.
 */
export function methodNotAllowed(routes: DeclaredRoutes) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === 'OPTIONS' || routes.declares(req.method, req.path)) return next();
    const allowed = routes.methodsAt(req.path);
    if (allowed.length === 0) return next();
    res.setHeader('allow', allowed.join(', '));
    next(new ProblemException(405, 'method-not-allowed', 'Method not allowed', `${req.method} is not allowed on this path; allowed: ${allowed.join(', ')}`));
  };
}
