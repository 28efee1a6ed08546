import { timeOrderedUuid } from './time-ordered-id';

const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

// The generator remembers the last millisecond it used: each test starts later than the one before.
describe('timeOrderedUuid', () => {
  it('is a version 7 UUID whose first 48 bits are the milliseconds given', () => {
    const id = timeOrderedUuid(Date.UTC(2030, 0, 1));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(msOf(id)).toBe(Date.UTC(2030, 0, 1));
  });

  it('sorts each id after the one before: across milliseconds, within one, and when the clock steps back', () => {
    const start = Date.UTC(2030, 0, 2);
    const ids = [
      ...Array.from({ length: 1000 }, (_, n) => timeOrderedUuid(start + n * 997)),
      ...Array.from({ length: 5000 }, () => timeOrderedUuid(start + 1_000_000_000)), // more than the 4,096 a millisecond holds
      ...Array.from({ length: 10 }, () => timeOrderedUuid(start + 999_999_000)), // the clock stepped back a second
    ];
    // as text, and as PostgreSQL compares uuids (bytewise): the same order for lower-case hex
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(msOf(ids[1000])).toBe(start + 1_000_000_000);
    expect(msOf(ids[5999])).toBe(start + 1_000_000_001);
    expect(msOf(ids.at(-1)!)).toBe(start + 1_000_000_001);
  });

  it('keeps random bits after the sequence', () => {
    const ids = Array.from({ length: 600 }, () => timeOrderedUuid(Date.UTC(2030, 0, 3)));
    expect(new Set(ids.map((id) => id.slice(19))).size).toBe(ids.length);
  });
});
