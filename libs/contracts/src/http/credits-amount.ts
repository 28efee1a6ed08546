import { Matches } from 'class-validator';

/** Positive decimal string with at most two decimals (R3): "12.50", "3", not "0", "-5", "1.234". */
export const CREDITS_PATTERN = /^(?!0+(?:\.0{1,2})?$)\d{1,13}(?:\.\d{1,2})?$/;
const CREDITS_REASON = 'must be a positive decimal string with at most two decimals, e.g. "12.50"';

/** How the OpenAPI document describes such a field. */
export const CREDITS_PROPERTY = { type: String, pattern: CREDITS_PATTERN.source, description: 'credits: a positive decimal string with at most two decimals' } as const;

/** Matches also refuses non-strings, so a JSON number is rejected with the same reason. */
export function IsCreditsAmount(): PropertyDecorator {
  return (target, key) => {
    Matches(CREDITS_PATTERN, { message: `${String(key)} ${CREDITS_REASON}` })(target, key);
  };
}
