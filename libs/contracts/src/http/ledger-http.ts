import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches, ValidateIf } from 'class-validator';
import { deductionKinds, grantSources, ledgerEventTypes, lotKinds } from '../ledger/ledger.events';
import { CREDITS_PROPERTY, IsCreditsAmount } from './credits-amount';
import { ApiSchemaRules } from './schema-rules';
import { IsText } from './text';

const INSTANT = { type: String, format: 'date-time', example: '2026-12-01T09:30:00.000Z' } as const;
/** What the ledger's domain holds: UTC, years 1000-9999 (as its events' schemas say). */
const UTC_INSTANT = { ...INSTANT, pattern: '^[1-9]\\d{3}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$' } as const;
const BALANCE = { type: String, pattern: '^\\d+\\.\\d{2}$', description: 'credits as a decimal string' } as const;
const REASON = { minLength: 1, maxLength: 500, description: 'why; shown in the history' } as const;
const EVENT_TYPES = new RegExp(`^(${ledgerEventTypes.join('|')})(,(${ledgerEventTypes.join('|')}))*$`);

@ApiSchemaRules({
  if: { properties: { kind: { const: 'expiring' } } },
  then: { required: ['expiresAt'] },
  else: { not: { required: ['expiresAt'] } },
})
export class GrantCreditsRequest {
  @ApiProperty({ ...CREDITS_PROPERTY, example: '20.00' })
  @IsCreditsAmount()
  amount: string;

  @ApiProperty({ enum: lotKinds, example: 'expiring' })
  @IsIn(['permanent', 'expiring'], { message: 'kind must be "permanent" or "expiring"' })
  kind: 'permanent' | 'expiring';

  @ApiPropertyOptional({ ...UTC_INSTANT, example: '2027-01-01T00:00:00Z', description: 'required for expiring credits, refused for permanent ones; in the future, in UTC' })
  @ValidateIf((o: GrantCreditsRequest) => o.kind === 'expiring' || o.expiresAt !== undefined)
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO-8601 instant (required for expiring credits)' })
  expiresAt?: string;

  @ApiProperty({ ...REASON, example: 'Welcome gift' })
  @IsText({ min: 1, max: 500 })
  reason: string;
}

export class DeductCreditsRequest {
  @ApiProperty({ ...CREDITS_PROPERTY, example: '5.00' })
  @IsCreditsAmount()
  amount: string;

  @ApiProperty({ enum: deductionKinds, example: 'any', description: '"any" takes expiring credits first, then permanent ones (R7)' })
  @IsIn(['permanent', 'expiring', 'any'], { message: 'kind must be "permanent", "expiring" or "any"' })
  kind: 'permanent' | 'expiring' | 'any';

  @ApiProperty({ ...REASON, example: 'Correction' })
  @IsText({ min: 1, max: 500 })
  reason: string;
}

/** Query of a wallet's balance. */
export class BalanceQuery {
  @ApiPropertyOptional({ ...INSTANT, pattern: '^[1-9]\\d{3}-', description: 'the balance as it stood at this instant, from the year 1000 on (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO-8601 instant' })
  asOf?: string;
}

export class TransactionsQuery {
  @ApiPropertyOptional({ ...INSTANT, description: 'the history as it stood at this instant: only entries up to it' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO-8601 instant' })
  asOf?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50, example: 50, description: 'entries per page' })
  @IsOptional()
  @IsText()
  limit?: string;

  @ApiPropertyOptional({ example: 'MTI', description: 'opaque: the previous page’s nextCursor' })
  @IsOptional()
  @IsText()
  cursor?: string;

  @ApiPropertyOptional({ example: 'CreditsGranted,CreditsExpired', pattern: EVENT_TYPES.source, description: `only these event types, comma-separated: ${ledgerEventTypes.join(', ')}` })
  @IsOptional()
  @Matches(EVENT_TYPES, { message: `type must be one or more of ${ledgerEventTypes.join(', ')}, comma-separated` })
  type?: string;

  @ApiPropertyOptional({ ...INSTANT, description: 'only entries at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 instant' })
  from?: string;

  @ApiPropertyOptional({ ...INSTANT, description: 'only entries before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 instant' })
  to?: string;
}

export class LotView {
  @ApiProperty({ example: 'lot-6f0d2c' }) lotId: string;
  @ApiProperty({ enum: lotKinds, example: 'expiring' }) kind: string;
  @ApiProperty({ ...BALANCE, example: '12.50', description: 'what is left of the lot' }) remaining: string;
  @ApiProperty({ ...INSTANT, nullable: true, description: 'null for permanent credits' }) expiresAt: string | null;
  @ApiProperty({ enum: grantSources, example: 'plan', description: 'where the credits came from (R5)' }) source: string;
}

export class WalletBalanceResponse {
  @ApiProperty({ example: 'wallet-0b6f3c52' }) walletId: string;
  @ApiProperty({ ...BALANCE, example: '20.00', description: 'permanent + expiring' }) balance: string;
  @ApiProperty({ ...BALANCE, example: '5.00' }) permanent: string;
  @ApiProperty({ ...BALANCE, example: '15.00', description: 'credits of lots not expired yet' }) expiring: string;
  @ApiProperty({ type: [LotView], description: 'lots with credits left, in spending order (R7)' }) lots: LotView[];
}

/** The answer to a grant or a deduction: the wallet after it, and the events it appended. */
export class WalletChangeResponse extends WalletBalanceResponse {
  @ApiProperty({ type: [String], example: ['5d1c0f7e-2b8a-4c51-9a3e-0f6e1b2c3d4e'], description: 'ids of the ledger events the change appended' }) eventIds: string[];
}
