import { creditsToHundredths, hundredthsToCredits } from './credit-amount';

describe('credit amounts', () => {
  it('reads decimal strings exactly', () => {
    expect(creditsToHundredths('20')).toBe(2000);
    expect(creditsToHundredths('12.5')).toBe(1250);
    expect(creditsToHundredths('0.07')).toBe(7);
    expect(creditsToHundredths('0')).toBe(0);
    expect(creditsToHundredths('9999999999999.99')).toBe(999999999999999);
  });

  it('writes two decimals', () => {
    expect(hundredthsToCredits(2000)).toBe('20.00');
    expect(hundredthsToCredits(7)).toBe('0.07');
    expect(hundredthsToCredits(0)).toBe('0.00');
    expect(hundredthsToCredits(123456)).toBe('1234.56');
  });
});
