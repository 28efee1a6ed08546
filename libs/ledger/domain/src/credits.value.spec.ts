import { formatCredits, parseCredits } from './credits.value';

describe('parseCredits', () => {
  it.each([
    ['12.50', 1250],
    ['12.5', 1250],
    ['12', 1200],
    ['0.01', 1],
    ['0.1', 10],
    ['007.00', 700],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
  ])('accepts %j as %d hundredths', (input, value) => {
    expect(parseCredits(input)).toEqual({ ok: true, value });
  });

  it.each([
    [12.5, /decimal string.*got number/],
    [5, /decimal string.*got number/],
    [null, /got null/],
    [undefined, /got undefined/],
    ['', /must not be empty/],
    ['-5', /must be positive/],
    ['+5', /without a sign/],
    ['abc', /digits with an optional "\."/],
    ['1.234', /at most two decimals/],
    ['0', /more than zero/],
    ['0.00', /more than zero/],
    ['0.0', /more than zero/],
    ['1e3', /without an exponent/],
    ['1E-2', /without an exponent/],
    [' 5', /whitespace/],
    ['5 ', /whitespace/],
    ['1 000', /whitespace/],
    ['1.', /digits with an optional "\."/],
    ['.5', /digits with an optional "\."/],
    ['1,50', /digits with an optional "\."/],
    ['0x10', /digits with an optional "\."/],
    ['Infinity', /digits with an optional "\."/],
    ['NaN', /digits with an optional "\."/],
    ['90071992547409.92', /at most 90071992547409\.91/],
    ['99999999999999999999', /at most 90071992547409\.91/],
  ])('rejects %j with a precise reason', (input, reason) => {
    const result = parseCredits(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('formatCredits', () => {
  it.each([
    [1250, '12.50'],
    [1, '0.01'],
    [10, '0.10'],
    [0, '0.00'],
    [100, '1.00'],
    [-500, '-5.00'],
    [-1, '-0.01'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('formats %d as %j', (value, text) => {
    expect(formatCredits(value)).toBe(text);
  });

  it('round-trips with parseCredits', () => {
    for (const value of [1, 99, 100, 1250, 123456789]) expect(parseCredits(formatCredits(value))).toEqual({ ok: true, value });
  });

  it.each([12.5, Number.NaN, Infinity, Number.MAX_SAFE_INTEGER + 1])('refuses %d (not a safe integer)', (value) => {
    expect(() => formatCredits(value)).toThrow(RangeError);
  });
});
