import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { EventSchemaEntry } from './event';
import { ledgerEventSchemas } from './ledger';
import { membershipEventSchemas, planPeriodEventSchemas } from './membership';
import { billingEventSchemas } from './billing';
import { paymentsEventSchemas } from './payments';
import { bookingEventSchemas } from './booking';

/** Every published event type and version with its JSON Schema. */
export const allEventSchemas: readonly EventSchemaEntry[] = [
  ...ledgerEventSchemas,
  ...membershipEventSchemas,
  ...planPeriodEventSchemas,
  ...billingEventSchemas,
  ...paymentsEventSchemas,
  ...bookingEventSchemas,
];

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validators = new Map(
  allEventSchemas.map((entry) => [`${entry.type}@${entry.version}`, ajv.compile(entry.schema)]),
);

/** Returns the schema errors of an event's data, or an empty list when it is valid. */
export function validateEventData(type: string, version: number, data: unknown): string[] {
  const validate = validators.get(`${type}@${version}`);
  if (!validate) return [`no schema for ${type} v${version}`];
  if (validate(data)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`);
}
