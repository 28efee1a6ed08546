import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, Matches, Max, Min, ValidateNested } from 'class-validator';
import { USER_ID_SCHEMA, UUID_SCHEMA } from './api-routes';
import { MAX_PAYMENT_AMOUNT } from './payments-internal-http';
import { IsOmittable } from './omittable';
import { ApiSchemaRules } from './schema-rules';
import { IsText, IsUserId, USER_ID_DESCRIPTION } from './text';

/** Credits from 0 with at most two decimals ("0" is a plan without allowance). */
const CREDITS_OR_ZERO = /^\d{1,13}(?:\.\d{1,2})?$/;
const ALLOWANCE = {
  pattern: CREDITS_OR_ZERO.source,
  example: '20.00',
  description: 'credits granted at the start of every period; they expire with it ("0" for none)',
} as const;
const PERCENT = { type: 'integer', minimum: 0, maximum: 100 } as const;
const NAME = { minLength: 1, maxLength: 200, example: 'Flex desk' } as const;
const PLAN_ID = { ...UUID_SCHEMA, description: 'a plan of the location' } as const;

export class MoneyDto {
  // a price must be payable (and fit the services' integers): the payments maximum
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_PAYMENT_AMOUNT, example: 9900, description: 'integer minor units' })
  @IsInt()
  @Min(0)
  @Max(MAX_PAYMENT_AMOUNT)
  amount: number;

  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'EUR', description: 'ISO 4217; the location’s currency' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "EUR"' })
  currency: string;
}

export class BillingPeriodDto {
  @ApiProperty({ enum: ['day', 'week', 'month'], example: 'month', description: 'calendar units in the location time zone' })
  @IsIn(['day', 'week', 'month'], { message: 'unit must be "day", "week" or "month"' })
  unit: 'day' | 'week' | 'month';

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 365, example: 1 })
  @IsInt()
  @Min(1)
  @Max(365)
  count: number;
}

// Each mode takes its own cap and no other (see rolloverFrom in membership).
@ApiSchemaRules({
  example: { mode: 'credits', credits: '5.00' },
  allOf: [
    { if: { properties: { mode: { const: 'credits' } } }, then: { required: ['credits'], not: { required: ['percent'] } } },
    { if: { properties: { mode: { const: 'percent' } } }, then: { required: ['percent'], not: { required: ['credits'] } } },
    { if: { properties: { mode: { const: 'none' } } }, then: { properties: { credits: false, percent: false } } },
  ],
})
export class RolloverDto {
  @ApiProperty({
    enum: ['none', 'credits', 'percent'],
    example: 'credits',
    description: 'how much unused allowance carries into the next period: nothing, up to `credits`, or up to `percent` of it',
  })
  @IsIn(['none', 'credits', 'percent'], { message: 'mode must be "none", "credits" or "percent"' })
  mode: 'none' | 'credits' | 'percent';

  @ApiPropertyOptional({ pattern: CREDITS_OR_ZERO.source, example: '5.00', description: 'the cap in credits; required for mode "credits", refused for others' })
  @IsOmittable()
  @Matches(CREDITS_OR_ZERO, { message: 'credits must be a decimal string with at most two decimals' })
  credits?: string;

  @ApiPropertyOptional({ ...PERCENT, example: 50, description: 'the cap in percent of the unused allowance; required for mode "percent", refused for others' })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(100)
  percent?: number;
}

export class CreatePlanRequest {
  @ApiProperty(NAME)
  @IsText({ min: 1, max: 200 })
  name: string;

  // ValidateNested alone lets a missing object through: IsObject makes it a field error.
  @ApiProperty({ type: MoneyDto })
  @IsObject({ message: 'price must be an object { amount, currency }' })
  @ValidateNested()
  @Type(() => MoneyDto)
  price: MoneyDto;

  @ApiProperty({ type: BillingPeriodDto })
  @IsObject({ message: 'billingPeriod must be an object { unit, count }' })
  @ValidateNested()
  @Type(() => BillingPeriodDto)
  billingPeriod: BillingPeriodDto;

  @ApiProperty(ALLOWANCE)
  @Matches(CREDITS_OR_ZERO, { message: 'allowance must be a decimal string with at most two decimals, e.g. "20.00"' })
  allowance: string;

  @ApiProperty({ ...PERCENT, example: 10, description: 'discount on resources (rooms, desks, ...) for holders of the plan' })
  @IsInt()
  @Min(0)
  @Max(100)
  resourceDiscountPercent: number;

  @ApiProperty({ ...PERCENT, example: 0, description: 'discount on credit options for holders of the plan' })
  @IsInt()
  @Min(0)
  @Max(100)
  creditOptionDiscountPercent: number;

  @ApiProperty({ example: false, description: 'holders may pay by bill' })
  @IsBoolean()
  billPaymentEnabled: boolean;

  @ApiPropertyOptional({ type: RolloverDto, description: 'default: nothing rolls over' })
  @IsOmittable()
  @ValidateNested()
  @Type(() => RolloverDto)
  rollover?: RolloverDto;
}

/** Any non-empty subset of the plan's fields; takes effect from each assignment's next period. */
@ApiSchemaRules({ minProperties: 1 })
export class UpdatePlanRequest {
  @ApiPropertyOptional(NAME) @IsOmittable() @IsText({ min: 1, max: 200 }) name?: string;
  @ApiPropertyOptional({ type: MoneyDto }) @IsOmittable() @ValidateNested() @Type(() => MoneyDto) price?: MoneyDto;
  @ApiPropertyOptional({ type: BillingPeriodDto }) @IsOmittable() @ValidateNested() @Type(() => BillingPeriodDto) billingPeriod?: BillingPeriodDto;
  @ApiPropertyOptional(ALLOWANCE)
  @IsOmittable()
  @Matches(CREDITS_OR_ZERO, { message: 'allowance must be a decimal string with at most two decimals, e.g. "20.00"' })
  allowance?: string;
  @ApiPropertyOptional({ ...PERCENT, example: 10 }) @IsOmittable() @IsInt() @Min(0) @Max(100) resourceDiscountPercent?: number;
  @ApiPropertyOptional({ ...PERCENT, example: 0 }) @IsOmittable() @IsInt() @Min(0) @Max(100) creditOptionDiscountPercent?: number;
  @ApiPropertyOptional({ example: true }) @IsOmittable() @IsBoolean() billPaymentEnabled?: boolean;
  @ApiPropertyOptional({ type: RolloverDto }) @IsOmittable() @ValidateNested() @Type(() => RolloverDto) rollover?: RolloverDto;
}

export class PlanResponse {
  @ApiProperty(UUID_SCHEMA) id: string;
  @ApiProperty(UUID_SCHEMA) locationId: string;
  @ApiProperty({ example: 'Flex desk' }) name: string;
  @ApiProperty({ type: MoneyDto }) price: MoneyDto;
  @ApiProperty({ type: BillingPeriodDto }) billingPeriod: BillingPeriodDto;
  @ApiProperty({ ...ALLOWANCE, pattern: '^\\d+\\.\\d{2}$' }) allowance: string;
  @ApiProperty({ ...PERCENT, example: 10 }) resourceDiscountPercent: number;
  @ApiProperty({ ...PERCENT, example: 0 }) creditOptionDiscountPercent: number;
  @ApiProperty({ example: false }) billPaymentEnabled: boolean;
  @ApiProperty({ type: RolloverDto }) rollover: RolloverDto;
  @ApiProperty({ enum: ['active', 'archived'], example: 'active', description: 'archived plans take no new assignments' }) status: string;
}

export class PlanHolderDto {
  @ApiProperty({ enum: ['user', 'company'], example: 'user' })
  @IsIn(['user', 'company'], { message: 'type must be "user" or "company"' })
  type: 'user' | 'company';

  @ApiProperty({ ...USER_ID_SCHEMA, description: `a member's user id (${USER_ID_DESCRIPTION}), or a company id` })
  @IsUserId()
  id: string;
}

export class AssignPlanRequest {
  @ApiProperty({ type: PlanHolderDto })
  @IsObject({ message: 'holder must be an object { type, id }' })
  @ValidateNested()
  @Type(() => PlanHolderDto)
  holder: PlanHolderDto;

  @ApiProperty(PLAN_ID)
  @IsText()
  planId: string;
}

export class ChangeAssignmentRequest {
  @ApiProperty(PLAN_ID)
  @IsText()
  planId: string;

  @ApiProperty({ enum: ['next-period', 'now'], example: 'next-period', description: '"now" ends the current period now and starts one of the new plan' })
  @IsIn(['next-period', 'now'], { message: 'effective must be "next-period" or "now"' })
  effective: 'next-period' | 'now';
}

export class CancelAssignmentRequest {
  @ApiProperty({ enum: ['period-end', 'now'], example: 'period-end', description: '"now" ends the current period now' })
  @IsIn(['period-end', 'now'], { message: 'effective must be "period-end" or "now"' })
  effective: 'period-end' | 'now';
}

const INSTANT = { type: String, format: 'date-time', example: '2026-12-01T00:00:00.000Z' } as const;

export class PlanPeriodView {
  @ApiProperty(UUID_SCHEMA) periodId: string;
  @ApiProperty(UUID_SCHEMA) planId: string;
  @ApiProperty(INSTANT) startsAt: string;
  @ApiProperty({ ...INSTANT, example: '2027-01-01T00:00:00.000Z', description: 'exclusive' }) endsAt: string;
  @ApiProperty({ ...ALLOWANCE, pattern: '^\\d+\\.\\d{2}$', description: 'credits granted for this period' }) allowance: string;
}

export class AssignmentResponse {
  @ApiProperty(UUID_SCHEMA) id: string;
  @ApiProperty(UUID_SCHEMA) locationId: string;
  @ApiProperty({ type: PlanHolderDto }) holder: PlanHolderDto;
  @ApiProperty(UUID_SCHEMA) planId: string;
  @ApiProperty({ ...UUID_SCHEMA, nullable: true, description: 'plan taking over at the next period' }) pendingPlanId: string | null;
  @ApiProperty({ example: false }) cancelAtPeriodEnd: boolean;
  @ApiProperty({ enum: ['active', 'ended'], example: 'active' }) status: string;
  @ApiProperty({ type: PlanPeriodView, nullable: true }) currentPeriod: PlanPeriodView | null;
}
