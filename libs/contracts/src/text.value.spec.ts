import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsText, IsUserId } from './http/text';
import { textProblem, unstorableTextProblem, userIdProblem } from './text.value';

const NUL = 'must not contain NUL characters (U+0000)';
const SURROGATE = 'must not contain unpaired UTF-16 surrogates (not valid Unicode)';

describe('storable text', () => {
  it.each([
    ['plain', 'Berlin Mitte', undefined],
    ['non-Latin letters and emoji (surrogate pairs)', '山田 Ünïcødé 🎉', undefined],
    ['newlines and tabs (multi-line reasons)', 'line 1\n\tline 2', undefined],
    ['a NUL character', 'Mi\u0000tte', NUL],
    ['a lone high surrogate', 'a\ud800', SURROGATE],
    ['a lone high surrogate before another character', '\ud800a', SURROGATE],
    ['a lone low surrogate', '\udc00b', SURROGATE],
    ['a reversed pair', '\udc00\ud800', SURROGATE],
  ])('%s', (_, value, problem) => {
    expect(unstorableTextProblem(value)).toBe(problem);
  });

  it('checks type and length before content', () => {
    expect(textProblem(5, { min: 1, max: 200 })).toBe('must be a string');
    expect(textProblem(null)).toBe('must be a string');
    expect(textProblem('', { min: 1, max: 200 })).toBe('must be 1-200 characters');
    expect(textProblem('x'.repeat(201), { min: 1, max: 200 })).toBe('must be 1-200 characters');
    expect(textProblem('', { min: 1 })).toBe('must be at least 1 characters');
    expect(textProblem('a\u0000', { min: 1, max: 200 })).toBe(NUL);
    expect(textProblem('')).toBeUndefined();
  });
});

describe('user ids', () => {
  it.each(['auth0|64f1c2', 'google-oauth2|1234', 'us-east-1:6b1d2c3e', 'jane.doe+credits@example.com', '0b6f4c1e-2f7a-4c55-9d8e-0f1a2b3c4d5e', 'Jürgen', '山田太郎', 'Jo Doe', 'a/b?c#d%e', '🎉', 'x'.repeat(255)])(
    'accepts %j',
    (userId) => {
      expect(userIdProblem(userId)).toBeUndefined();
    },
  );

  it.each([
    ['', 'must be 1-255 characters'],
    ['x'.repeat(256), 'must be 1-255 characters'],
    ['a\u0000b', NUL],
    ['a\ud800', SURROGATE],
    ['a\r\nb', 'must not contain control characters'],
    ['a\tb', 'must not contain control characters'],
    ['a\u007fb', 'must not contain control characters'],
    ['a\u0085b', 'must not contain control characters'],
    [' alice', 'must not start or end with whitespace'],
    ['alice ', 'must not start or end with whitespace'],
    ['alice\u00a0', 'must not start or end with whitespace'],
    ['..', 'must not be "." or ".."'],
    [42, 'must be a string'],
  ])('refuses %j: %s', (userId, problem) => {
    expect(userIdProblem(userId)).toBe(problem);
  });

  it('counts characters, not UTF-16 code units', () => {
    expect(userIdProblem('🎉'.repeat(255))).toBeUndefined();
    expect(userIdProblem('🎉'.repeat(256))).toBe('must be 1-255 characters');
  });
});

class ExampleRequest {
  @IsText({ min: 1, max: 200 })
  name: string;

  @IsUserId()
  userId: string;
}

describe('the decorators give one reason per field', () => {
  const reasons = (body: object) =>
    validateSync(plainToInstance(ExampleRequest, body)).flatMap((error) => Object.values(error.constraints ?? {}).map((reason) => [error.property, reason]));

  it('names the field in its reason', () => {
    expect(reasons({ name: 'Mitte', userId: 'auth0|64f1c2' })).toEqual([]);
    expect(reasons({ name: 'Mi\u0000tte', userId: 'a\ud800' })).toEqual([
      ['name', `name ${NUL}`],
      ['userId', `userId ${SURROGATE}`],
    ]);
    expect(reasons({ name: 5, userId: 'a\nb' })).toEqual([
      ['name', 'name must be a string'],
      ['userId', 'userId must not contain control characters'],
    ]);
  });
});
