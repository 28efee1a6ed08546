/** JSON Schema parts shared by the billing and payments events. */
export const moneySchema = {
  type: 'object',
  description: 'ISO 4217 money in integer minor units',
  required: ['amount', 'currency'],
  properties: { amount: { type: 'integer', minimum: 0 }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
};

export const holderSchema = {
  type: 'object',
  description: "whose wallet: a member's (user) or a company's",
  required: ['type', 'id'],
  properties: { type: { enum: ['user', 'company'] }, id: { type: 'string', minLength: 1 } },
};

export const actorSchema = {
  type: 'object',
  required: ['type', 'id'],
  properties: { type: { enum: ['user', 'operator', 'system'] }, id: { type: 'string', minLength: 1 } },
};

export const idSchema = { type: 'string', minLength: 1 };
