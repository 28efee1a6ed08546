import type { Money } from '@credits/contracts';

/**
 * ISO 4217 minor-unit exponents of the active currencies (list one, 2024): how many decimals one
 * unit has. A currency missing here is refused wherever an exact conversion depends on it.
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  ...Object.fromEntries('BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'.split(' ').map((code) => [code, 0])),
  ...Object.fromEntries('BHD IQD JOD KWD LYD OMR TND'.split(' ').map((code) => [code, 3])),
  CLF: 4,
  UYW: 4,
  ...Object.fromEntries(
    (
      'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF ' +
      'CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG ' +
      'HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR ' +
      'MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD ' +
      'SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG ' +
      'YER ZAR ZMW ZWG'
    )
      .split(' ')
      .map((code) => [code, 2]),
  ),
};

/** Decimals of one unit of `currency` (EUR 2, JPY 0, KWD 3), or null for a code that is not an active ISO 4217 currency. */
export function minorUnitExponent(currency: string): number | null {
  return Object.hasOwn(EXPONENTS, currency) ? EXPONENTS[currency] : null;
}

/**
 * The exact credit equivalent of money at 1 credit = 1 unit of its currency (R15), in credit
 * hundredths: EUR 1.00 (100 minor) -> 100, JPY 5 -> 500, KWD 1.234 -> null (a tenth of a
 * hundredth). Null too for an unknown currency: a refund as credits is never rounded.
 */
export function creditsForMoney(money: Money): number | null {
  const exponent = minorUnitExponent(money.currency);
  if (exponent === null || !Number.isSafeInteger(money.amount) || money.amount < 0) return null;
  if (exponent <= 2) return money.amount * 10 ** (2 - exponent);
  const divisor = 10 ** (exponent - 2);
  return money.amount % divisor === 0 ? money.amount / divisor : null;
}
