import { instantMillis, isInstant, parseInstant } from './instant.value';

describe('parseInstant', () => {
  it.each([
    ['2025-01-01T00:00:00Z', 1_735_689_600_000],
    ['2025-01-01T00:00:00.000Z', 1_735_689_600_000],
    ['2025-01-01T00:00:00.5Z', 1_735_689_600_500],
    ['2025-01-01T00:00:00.123456789Z', 1_735_689_600_123],
    ['2024-02-29T12:00:00Z', 1_709_208_000_000],
  ])('reads %s', (text, millis) => {
    expect(parseInstant(text)).toBe(millis);
  });

  it.each([
    '2025-02-29T00:00:00Z',
    '2024-02-30T00:00:00Z',
    '2025-04-31T00:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-01-01T24:00:00Z',
    '2025-01-01T00:00:60Z',
    '2025-01-01T00:00:00',
    '2025-01-01T00:00:00+01:00',
    '2025-01-01',
    'yesterday',
    '',
  ])('refuses %j (not a UTC ISO-8601 instant)', (text) => {
    expect(parseInstant(text)).toBeNull();
    expect(isInstant(text)).toBe(false);
  });

  it('refuses non-strings and throws for trusted values that are not instants', () => {
    expect(parseInstant(1_735_689_600_000)).toBeNull();
    expect(() => instantMillis('nope')).toThrow(RangeError);
  });
});

describe('parseInstant on every shape', () => {
  // Compared with the platform's own reading of the same strict format.
  const reference = (text: string) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/.exec(text);
    if (!match) return null;
    const millis = Date.parse(`${text.slice(0, 19)}.${(match[7] ?? '').slice(0, 3).padEnd(3, '0')}Z`);
    return Number.isNaN(millis) || new Date(millis).toISOString().slice(0, 19) !== text.slice(0, 19) || Number(match[1]) < 1000 ? null : millis;
  };

  it.each([
    '2025-01-01T00:00:00.Z',
    '2025-01-01T00:00:00.1234567890Z',
    '2025-01-01T00:00:00.12aZ',
    '2025-01-01T00:00:00,123Z',
    '2025-01-01 00:00:00Z',
    '0999-01-01T00:00:00Z',
    '2025-1-01T00:00:00.00Z',
    '+2025-01-01T00:00:00Z',
    '2025-01-01T00:00:00ZZ',
    '2025-01-01T00:00:0aZ',
    '2025-00-10T00:00:00Z',
    '2025-01-00T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '2025-12-31T23:59:59.999999999Z',
    '2025-06-30T10:20:30.04Z',
  ])('%j reads as the reference reading', (text) => {
    expect(parseInstant(text)).toBe(reference(text));
  });
});
