import { creditsForMoney, minorUnitExponent } from './currency-units.value';

describe('ISO 4217 minor units', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['CLF', 4],
  ])('%s has %i decimals', (currency, exponent) => {
    expect(minorUnitExponent(currency)).toBe(exponent);
  });

  it('knows no made-up or withdrawn code', () => {
    expect(minorUnitExponent('XXY')).toBeNull();
    expect(minorUnitExponent('DEM')).toBeNull();
    expect(minorUnitExponent('constructor')).toBeNull();
  });
});

describe('creditsForMoney: 1 credit = 1 unit of the currency, in hundredths', () => {
  it.each([
    [{ amount: 100, currency: 'EUR' }, 100],
    [{ amount: 900, currency: 'EUR' }, 900],
    [{ amount: 1, currency: 'EUR' }, 1],
    [{ amount: 5, currency: 'JPY' }, 500],
    [{ amount: 1230, currency: 'KWD' }, 123],
    [{ amount: 10000, currency: 'CLF' }, 100],
  ])('%j -> %i hundredths', (money, credits) => {
    expect(creditsForMoney(money)).toBe(credits);
  });

  it('refuses what cannot be exact instead of rounding', () => {
    expect(creditsForMoney({ amount: 1234, currency: 'KWD' })).toBeNull();
    expect(creditsForMoney({ amount: 1, currency: 'CLF' })).toBeNull();
    expect(creditsForMoney({ amount: 100, currency: 'XXY' })).toBeNull();
    expect(creditsForMoney({ amount: 1.5, currency: 'EUR' })).toBeNull();
  });
});
