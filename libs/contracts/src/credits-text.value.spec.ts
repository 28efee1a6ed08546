import { creditsFromText, creditsToText } from './credits-text.value';

describe('credits text', () => {
  it('reads decimal strings exactly', () => {
    expect(creditsFromText('20')).toBe(2000);
    expect(creditsFromText('12.5')).toBe(1250);
    expect(creditsFromText('0.07')).toBe(7);
    expect(creditsFromText('0')).toBe(0);
    expect(creditsFromText('9999999999999.99')).toBe(999999999999999);
  });

  it('writes two decimals', () => {
    expect(creditsToText(2000)).toBe('20.00');
    expect(creditsToText(7)).toBe('0.07');
    expect(creditsToText(0)).toBe('0.00');
    expect(creditsToText(123456)).toBe('1234.56');
  });

  it('refuses what is no amount of hundredths', () => {
    expect(() => creditsToText(-5)).toThrow(RangeError);
    expect(() => creditsToText(1.5)).toThrow(RangeError);
  });
});
