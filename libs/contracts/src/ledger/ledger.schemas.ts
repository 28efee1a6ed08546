import type { EventSchemaEntry } from '../event';

/**
 * JSON Schemas (draft 2020-12) of the ledger events' `data`, one per type and version. Objects allow
 * unknown properties so that consumers keep validating when a later version adds fields. The `$id`
 * matches the CloudEvents `dataschema` attribute (cloud-event.ts).
 */

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

// Shared building blocks, copied into every schema's $defs so each schema stands alone.
const defs = {
  id: { type: 'string', minLength: 1 },
  instant: {
    description: 'ISO-8601 instant in UTC',
    type: 'string',
    format: 'date-time',
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$',
  },
  credits: {
    description: 'credits in integer hundredths ("12.50" = 1250)',
    type: 'integer',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
  },
  positiveCredits: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
  owner: {
    description: 'the wallet owner: a member (user) or a company of a location',
    type: 'object',
    additionalProperties: true,
    required: ['locationId', 'ownerType', 'ownerId'],
    properties: { locationId: { $ref: '#/$defs/id' }, ownerType: { enum: ['user', 'company'] }, ownerId: { $ref: '#/$defs/id' } },
  },
  actor: {
    type: 'object',
    additionalProperties: true,
    required: ['type', 'id'],
    properties: { type: { enum: ['user', 'operator', 'system'] }, id: { $ref: '#/$defs/id' } },
  },
  money: {
    description: 'ISO 4217 money in integer minor units',
    type: 'object',
    additionalProperties: true,
    required: ['amount', 'currency'],
    properties: {
      amount: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    },
  },
  purpose: {
    type: 'object',
    additionalProperties: true,
    required: ['resourceType', 'reference'],
    properties: {
      resourceType: { enum: ['room', 'desk', 'event', 'product'] },
      reference: { $ref: '#/$defs/id' },
    },
  },
  lotAmount: {
    type: 'object',
    additionalProperties: true,
    required: ['lotId', 'amount'],
    properties: { lotId: { $ref: '#/$defs/id' }, amount: { $ref: '#/$defs/positiveCredits' } },
  },
  lotExpiry: {
    description: 'what remained of a lot when it expired (may be 0)',
    type: 'object',
    additionalProperties: true,
    required: ['lotId', 'amount'],
    properties: { lotId: { $ref: '#/$defs/id' }, amount: { $ref: '#/$defs/credits' } },
  },
  lotReturn: {
    description: 'credits going back to a lot; expiredAmount of them expired at once because the lot had expired',
    type: 'object',
    additionalProperties: true,
    required: ['lotId', 'amount', 'expiredAmount'],
    properties: {
      lotId: { $ref: '#/$defs/id' },
      amount: { $ref: '#/$defs/positiveCredits' },
      expiredAmount: { $ref: '#/$defs/credits' },
    },
  },
} as const;

const common = {
  walletId: { $ref: '#/$defs/id' },
  occurredAt: { $ref: '#/$defs/instant' },
  actor: { $ref: '#/$defs/actor' },
  reason: { type: 'string', minLength: 1 },
} as const;
const commonRequired = ['walletId', 'occurredAt', 'actor', 'reason', 'lots'] as const;

const lotsOf = (ref: 'lotAmount' | 'lotExpiry' | 'lotReturn', minItems: number) =>
  ({ type: 'array', minItems, items: { $ref: `#/$defs/${ref}` } }) as const;
const nullable = <T extends object>(schema: T) => ({ anyOf: [schema, { type: 'null' }] }) as const;

function eventSchema<const P extends Record<string, unknown>, const R extends readonly string[]>(
  type: string,
  description: string,
  properties: P,
  required: R,
) {
  return {
    $schema: DRAFT,
    $id: `urn:credits:schema:${type}:1`,
    title: `${type} v1`,
    description,
    type: 'object',
    additionalProperties: true,
    required: [...commonRequired, ...required],
    properties: { ...common, ...properties },
    $defs: defs,
  } as const;
}

export const creditsGrantedV1Schema = eventSchema(
  'CreditsGranted',
  'A new lot of credits was added to a wallet (plan allowance, admin gift, purchase, refund as credits, rollover).',
  {
    lots: lotsOf('lotAmount', 1),
    lotId: { $ref: '#/$defs/id' },
    amount: { $ref: '#/$defs/positiveCredits' },
    kind: { enum: ['permanent', 'expiring'] },
    expiresAt: nullable({ $ref: '#/$defs/instant' }),
    source: { enum: ['plan', 'admin', 'purchase', 'refund', 'rollover'] },
    planPeriodId: nullable({ $ref: '#/$defs/id' }),
    unitPrice: nullable({ $ref: '#/$defs/money' }),
  },
  ['lotId', 'amount', 'kind', 'expiresAt', 'source', 'planPeriodId', 'unitPrice'],
);

/** v2 adds `purchaseId` and `moneyRefund` as data, so no consumer reads them out of the grant's reason text. */
export const creditsGrantedV2Schema = {
  ...creditsGrantedV1Schema,
  $id: 'urn:credits:schema:CreditsGranted:2',
  title: 'CreditsGranted v2',
  required: [...creditsGrantedV1Schema.required, 'purchaseId', 'moneyRefund'],
  properties: {
    ...creditsGrantedV1Schema.properties,
    purchaseId: nullable({ $ref: '#/$defs/id' }),
    moneyRefund: nullable({
      description: 'source refund: the refund of a money payment these credits settle (R15)',
      type: 'object',
      additionalProperties: true,
      required: ['refundId', 'paymentId'],
      properties: { refundId: { $ref: '#/$defs/id' }, paymentId: { $ref: '#/$defs/id' } },
    }),
  },
} as const;

export const creditsDeductedV1Schema = eventSchema(
  'CreditsDeducted',
  'An admin removed credits from a wallet (never below zero).',
  {
    lots: lotsOf('lotAmount', 1),
    deductionId: { $ref: '#/$defs/id' },
    kind: { enum: ['permanent', 'expiring', 'any'] },
    amount: { $ref: '#/$defs/positiveCredits' },
  },
  ['deductionId', 'kind', 'amount'],
);

export const creditsSpentV1Schema = eventSchema(
  'CreditsSpent',
  'Credits were spent on a room, desk, event ticket or product, taken from lots in spending order.',
  {
    lots: lotsOf('lotAmount', 1),
    spendId: { $ref: '#/$defs/id' },
    amount: { $ref: '#/$defs/positiveCredits' },
    purpose: { $ref: '#/$defs/purpose' },
  },
  ['spendId', 'amount', 'purpose'],
);

export const creditsHeldV1Schema = eventSchema(
  'CreditsHeld',
  'Credits were reserved for a pending purchase until expiresAt; they are not spendable elsewhere meanwhile.',
  {
    lots: lotsOf('lotAmount', 1),
    holdId: { $ref: '#/$defs/id' },
    amount: { $ref: '#/$defs/positiveCredits' },
    expiresAt: { $ref: '#/$defs/instant' },
    purpose: { $ref: '#/$defs/purpose' },
  },
  ['holdId', 'amount', 'expiresAt', 'purpose'],
);

export const creditsHoldCapturedV1Schema = eventSchema(
  'CreditsHoldCaptured',
  'A hold was captured (spent), whole or in part; `lots` are the captured amounts, the rest was released.',
  {
    lots: lotsOf('lotAmount', 1),
    holdId: { $ref: '#/$defs/id' },
    amount: { $ref: '#/$defs/positiveCredits' },
    purpose: { $ref: '#/$defs/purpose' },
    releasedAmount: { $ref: '#/$defs/credits' },
    expiredAmount: { $ref: '#/$defs/credits' },
    releasedLots: lotsOf('lotReturn', 0),
  },
  ['holdId', 'amount', 'purpose', 'releasedAmount', 'expiredAmount', 'releasedLots'],
);

export const creditsHoldReleasedV1Schema = eventSchema(
  'CreditsHoldReleased',
  'A hold was released (on request or because it timed out); its credits went back to their lots.',
  {
    lots: lotsOf('lotReturn', 1),
    holdId: { $ref: '#/$defs/id' },
    amount: { $ref: '#/$defs/positiveCredits' },
    expiredAmount: { $ref: '#/$defs/credits' },
    timedOut: { type: 'boolean' },
  },
  ['holdId', 'amount', 'expiredAmount', 'timedOut'],
);

export const creditsRefundedV1Schema = eventSchema(
  'CreditsRefunded',
  'Credits of a spend or a captured hold went back to the lots they came from; what returned to an expired lot expired at once.',
  {
    lots: lotsOf('lotReturn', 1),
    refundId: { $ref: '#/$defs/id' },
    spendId: nullable({ $ref: '#/$defs/id' }),
    holdId: nullable({ $ref: '#/$defs/id' }),
    amount: { $ref: '#/$defs/positiveCredits' },
    expiredAmount: { $ref: '#/$defs/credits' },
  },
  ['refundId', 'spendId', 'holdId', 'amount', 'expiredAmount'],
);

export const creditsExpiredV1Schema = eventSchema(
  'CreditsExpired',
  'What remained of the listed lots expired (end of a plan period or the lots\' expiresAt); each lot expires once.',
  {
    lots: lotsOf('lotExpiry', 1),
    amount: { $ref: '#/$defs/credits' },
    planPeriodId: nullable({ $ref: '#/$defs/id' }),
  },
  ['amount', 'planPeriodId'],
);

export const creditsExpiringSoonV1Schema = eventSchema(
  'CreditsExpiringSoon',
  'A notice, not a balance change: credits of the listed lots are still unused and expire at expiresAt; once per wallet and plan period (or per expiresAt for lots without a period).',
  {
    lots: lotsOf('lotAmount', 1),
    owner: { $ref: '#/$defs/owner' },
    amount: { $ref: '#/$defs/positiveCredits' },
    expiresAt: { $ref: '#/$defs/instant' },
    planPeriodId: nullable({ $ref: '#/$defs/id' }),
  },
  ['owner', 'amount', 'expiresAt', 'planPeriodId'],
);

export const ledgerEventSchemas: EventSchemaEntry[] = [
  { type: 'CreditsGranted', version: 1, schema: creditsGrantedV1Schema },
  { type: 'CreditsGranted', version: 2, schema: creditsGrantedV2Schema },
  { type: 'CreditsDeducted', version: 1, schema: creditsDeductedV1Schema },
  { type: 'CreditsSpent', version: 1, schema: creditsSpentV1Schema },
  { type: 'CreditsHeld', version: 1, schema: creditsHeldV1Schema },
  { type: 'CreditsHoldCaptured', version: 1, schema: creditsHoldCapturedV1Schema },
  { type: 'CreditsHoldReleased', version: 1, schema: creditsHoldReleasedV1Schema },
  { type: 'CreditsRefunded', version: 1, schema: creditsRefundedV1Schema },
  { type: 'CreditsExpired', version: 1, schema: creditsExpiredV1Schema },
  { type: 'CreditsExpiringSoon', version: 1, schema: creditsExpiringSoonV1Schema },
];
