import fc from 'fast-check';
import { ApiRoutes, PATH_PARAMETERS, USER_ID_SCHEMA } from './api-routes';
import { unstorableTextProblem, userIdProblem } from '../text.value';

/** What a JSON Schema validator decides from USER_ID_SCHEMA (lengths count code points), for strings that can be stored at all. */
function documentedAsUserId(value: string): boolean {
  const length = [...value].length;
  return (
    unstorableTextProblem(value) === undefined &&
    length >= USER_ID_SCHEMA.minLength &&
    length <= USER_ID_SCHEMA.maxLength &&
    new RegExp(USER_ID_SCHEMA.pattern, 'u').test(value) &&
    !(USER_ID_SCHEMA.not.enum as readonly string[]).includes(value)
  );
}

describe('API routes and their documented parameters', () => {
  it('documents user ids exactly as the user-id rule decides them', () => {
    const tricky = fc.constantFrom(' ', '\t', '\n', '.', '|', '@', '\u0000', '\u001f', '\u007f', '\u0085', '\u00a0', '\u2028', '\ud800', '\udc00', '😀', 'a', 'Z');
    const text = fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 8 });
    const long = fc.integer({ min: 250, max: 260 }).map((n) => 'a'.repeat(n));
    fc.assert(
      fc.property(fc.oneof(text, long, fc.constantFrom('.', '..', '...', 'auth0|64f1c2', 'x@example.com')), (value) => {
        expect(documentedAsUserId(value)).toBe(userIdProblem(value) === undefined);
      }),
      { numRuns: 5000 },
    );
  });

  it('declares every path parameter of every route', () => {
    const names = Object.values(ApiRoutes).flatMap((route) => [...route.matchAll(/:(\w+)/g)].map(([, name]) => name));
    expect(names.filter((name) => !(name in PATH_PARAMETERS))).toEqual([]);
  });
});
