import { ValidateBy, ValidateIf } from 'class-validator';

/**
 * An optional field: it may be left out, but `null` is no value of it. `IsOptional` would let null
 * pass as "left out" and a handler would take it as "keep as is"; the API gives null no meaning, so
 * it is refused with the field named (the field's own rules then also say what it must be).
 */
export function IsOmittable(): PropertyDecorator {
  return (target, key) => {
    ValidateIf((_object, value) => value !== undefined)(target, key);
    ValidateBy({
      name: 'notNull',
      validator: { validate: (value) => value !== null, defaultMessage: (args) => `${args?.property} must not be null: leave it out instead` },
    })(target, key);
  };
}
