import { USER_ID_DESCRIPTION, USER_ID_MAX_LENGTH } from './text';

/**
 * The public API's routes (DESIGN section 6) in the router's `:param` form, in one place: the
 * gateway serves them and documents every `:param` of them, the services answer the same paths.
 */
const LOCATION = 'v1/locations/:locationId';
const COMPANY = `${LOCATION}/companies/:companyId`;
const PLAN_ASSIGNMENT = `${LOCATION}/plan-assignments/:assignmentId`;
const USER_CREDITS = `${LOCATION}/users/:userId/credits`;
const COMPANY_CREDITS = `${COMPANY}/credits`;

export const ApiRoutes = {
  me: 'v1/me',
  myNotifications: 'v1/me/notifications',
  locations: 'v1/locations',
  location: LOCATION,
  locationSettings: `${LOCATION}/settings`,
  members: `${LOCATION}/members`,
  member: `${LOCATION}/members/:userId`,

  companies: `${LOCATION}/companies`,
  company: COMPANY,
  companyArchive: `${COMPANY}/archive`,
  companyMembers: `${COMPANY}/members`,
  companyMember: `${COMPANY}/members/:userId`,
  companyMemberCorporateCard: `${COMPANY}/members/:userId/corporate-card`,
  companyManager: `${COMPANY}/managers/:userId`,
  companyPlan: `${COMPANY}/plan`,

  plans: `${LOCATION}/plans`,
  plan: `${LOCATION}/plans/:planId`,
  planArchive: `${LOCATION}/plans/:planId/archive`,
  planAssignments: `${LOCATION}/plan-assignments`,
  planAssignment: PLAN_ASSIGNMENT,
  planAssignmentChange: `${PLAN_ASSIGNMENT}/change`,
  planAssignmentCancel: `${PLAN_ASSIGNMENT}/cancel`,
  userPlan: `${LOCATION}/users/:userId/plan`,

  userCredits: USER_CREDITS,
  userCreditGrants: `${USER_CREDITS}/grants`,
  userCreditDeductions: `${USER_CREDITS}/deductions`,
  userCreditTransactions: `${USER_CREDITS}/transactions`,
  companyCredits: COMPANY_CREDITS,
  companyCreditGrants: `${COMPANY_CREDITS}/grants`,
  companyCreditDeductions: `${COMPANY_CREDITS}/deductions`,
  companyCreditTransactions: `${COMPANY_CREDITS}/transactions`,
  creditLiability: `${LOCATION}/credits/liability`,

  resources: `${LOCATION}/resources`,
  resource: `${LOCATION}/resources/:resourceId`,
  resourceArchive: `${LOCATION}/resources/:resourceId/archive`,
  resourceQuote: `${LOCATION}/resources/:resourceId/quote`,
  bookings: `${LOCATION}/bookings`,
  booking: `${LOCATION}/bookings/:bookingId`,
  bookingCancel: `${LOCATION}/bookings/:bookingId/cancel`,
  bookingFulfill: `${LOCATION}/bookings/:bookingId/fulfill`,
  checkIns: `${LOCATION}/check-ins`,
} as const;

/** An id the platform gave out (locations, companies, plans, assignments, periods). */
export const UUID_SCHEMA = { type: 'string', format: 'uuid', example: '0b6f3c52-8d1e-4c4f-9a57-5e2f0f8f6a11' } as const;

/**
 * User ids as `userIdProblem` (text.value.ts) accepts them, for documents and generated clients:
 * 1-255 code points, no control character, no whitespace at either end, not "." or "..". ECMA-262
 * with the `u` flag, as JSON Schema validators compile it; no lookarounds and no surrogate ranges,
 * which test generators cannot use. Unpaired surrogates are refused in every string (they have no
 * UTF-8 form), which the pattern leaves unsaid.
 */
const USER_ID_CHAR = '[^\\u0000-\\u001f\\u007f-\\u009f]';
const USER_ID_EDGE = '[^\\s\\u0000-\\u001f\\u007f-\\u009f]';
export const USER_ID_PATTERN = `^${USER_ID_EDGE}(?:${USER_ID_CHAR}*${USER_ID_EDGE})?$`;

/** A user id field or parameter in the OpenAPI document. */
export const USER_ID_SCHEMA = {
  type: 'string',
  minLength: 1,
  maxLength: USER_ID_MAX_LENGTH,
  pattern: USER_ID_PATTERN,
  not: { enum: ['.', '..'] as string[] },
  example: 'auth0|64f1c2',
} as const;

/** Every path parameter of ApiRoutes, as the OpenAPI document declares it. */
export const PATH_PARAMETERS = {
  locationId: { description: 'a location', schema: UUID_SCHEMA },
  companyId: { description: 'a company of the location', schema: UUID_SCHEMA },
  planId: { description: 'a plan of the location', schema: UUID_SCHEMA },
  assignmentId: { description: 'a plan assignment of the location', schema: UUID_SCHEMA },
  paymentId: { description: 'a payment of the location', schema: UUID_SCHEMA },
  optionId: { description: 'a credit option of the location', schema: UUID_SCHEMA },
  purchaseId: { description: 'a credit purchase of the location', schema: UUID_SCHEMA },
  resourceId: { description: 'a bookable resource of the location', schema: UUID_SCHEMA },
  bookingId: { description: 'a booking, check-in, ticket or order of the location', schema: UUID_SCHEMA },
  userId: {
    description: USER_ID_DESCRIPTION,
    schema: USER_ID_SCHEMA,
  },
} as const;

/** Keys are scoped to what they change (a wallet, a buyer, a payment); the same key and body answer the first response again. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: true,
  description:
    'unique per intended change; a retry with the same key and body answers the first response again (header `idempotent-replayed: true`), the same key with another body is 422',
  schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source, example: 'welcome-bob-2026-12' },
} as const;
