import { rolloverOf } from './plan-period.reactions';

describe('rollover of a plan period', () => {
  it('carries what was left, up to a cap in credits or in percent of the previous allowance', () => {
    expect(rolloverOf(1500, { mode: 'credits', value: 1000 }, 2000)).toBe(1000);
    expect(rolloverOf(800, { mode: 'credits', value: 1000 }, 2000)).toBe(800);
    expect(rolloverOf(1500, { mode: 'percent', value: 50 }, 2000)).toBe(1000);
    expect(rolloverOf(500, { mode: 'percent', value: 50 }, 2000)).toBe(500);
    expect(rolloverOf(1500, { mode: 'none', value: 1000 }, 2000)).toBe(0);
  });

  it('carries nothing by percent when the previous allowance is unknown', () => {
    expect(rolloverOf(1500, { mode: 'percent', value: 50 }, null)).toBe(0);
  });
});
