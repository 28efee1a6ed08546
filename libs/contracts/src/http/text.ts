import { ValidateBy } from 'class-validator';
import { textProblem, userIdProblem, type TextLength } from '../text.value';

// The DTOs' and OpenAPI's names for the rules (framework-free in text.value.ts).
export { USER_ID_DESCRIPTION, USER_ID_MAX_LENGTH } from '../text.value';

/** A string field: `IsString`, a length and the storable-text rule in one reason per field. */
export function IsText(length?: TextLength): PropertyDecorator {
  return ValidateBy({
    name: 'text',
    validator: {
      validate: (value) => textProblem(value, length) === undefined,
      defaultMessage: (args) => `${args?.property} ${textProblem(args?.value, length)}`,
    },
  });
}

/** A user id field (see `userIdProblem`). */
export function IsUserId(): PropertyDecorator {
  return ValidateBy({
    name: 'userId',
    validator: {
      validate: (value) => userIdProblem(value) === undefined,
      defaultMessage: (args) => `${args?.property} ${userIdProblem(args?.value)}`,
    },
  });
}
