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
