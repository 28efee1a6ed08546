import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsText, IsUserId, USER_ID_DESCRIPTION } from './text';

/** Credits from 0 with at most two decimals ("0" is a plan without allowance). */
const CREDITS_OR_ZERO = /^\d{1,13}(?:\.\d{1,2})?$/;

export class MoneyDto {
  @ApiProperty({ example: 9900, description: 'integer minor units' })
  @IsInt()
  @Min(0)
  amount: number;

  @ApiProperty({ example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "EUR"' })
  currency: string;
}

export class BillingPeriodDto {
  @ApiProperty({ enum: ['day', 'week', 'month'], description: 'calendar units in the location time zone' })
  @IsIn(['day', 'week', 'month'], { message: 'unit must be "day", "week" or "month"' })
  unit: 'day' | 'week' | 'month';

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(365)
  count: number;
}

export class RolloverDto {
  @ApiProperty({ enum: ['none', 'credits', 'percent'], description: 'how much unused allowance carries into the next period' })
  @IsIn(['none', 'credits', 'percent'], { message: 'mode must be "none", "credits" or "percent"' })
  mode: 'none' | 'credits' | 'percent';

  @ApiPropertyOptional({ example: '5.00', description: 'the cap in credits, for mode "credits"' })
  @IsOptional()
  @Matches(CREDITS_OR_ZERO, { message: 'credits must be a decimal string with at most two decimals' })
  credits?: string;

  @ApiPropertyOptional({ example: 50, description: 'the cap in percent of the unused allowance, for mode "percent"' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  percent?: number;
}

export class CreatePlanRequest {
  @ApiProperty({ example: 'Flex desk' })
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

  @ApiProperty({ example: '20.00', description: 'credits granted at the start of every period; they expire with it' })
  @Matches(CREDITS_OR_ZERO, { message: 'allowance must be a decimal string with at most two decimals, e.g. "20.00"' })
  allowance: string;

  @ApiProperty({ example: 10 })
  @IsInt()
  @Min(0)
  @Max(100)
  resourceDiscountPercent: number;

  @ApiProperty({ example: 0 })
  @IsInt()
  @Min(0)
  @Max(100)
  creditOptionDiscountPercent: number;

  @ApiProperty()
  @IsBoolean()
  billPaymentEnabled: boolean;

  @ApiPropertyOptional({ type: RolloverDto, description: 'default: nothing rolls over' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RolloverDto)
  rollover?: RolloverDto;
}

/** Any subset of the plan's fields; takes effect from each assignment's next period. */
export class UpdatePlanRequest {
  @ApiPropertyOptional() @IsOptional() @IsText({ min: 1, max: 200 }) name?: string;
  @ApiPropertyOptional({ type: MoneyDto }) @IsOptional() @ValidateNested() @Type(() => MoneyDto) price?: MoneyDto;
  @ApiPropertyOptional({ type: BillingPeriodDto }) @IsOptional() @ValidateNested() @Type(() => BillingPeriodDto) billingPeriod?: BillingPeriodDto;
  @ApiPropertyOptional({ example: '20.00' })
  @IsOptional()
  @Matches(CREDITS_OR_ZERO, { message: 'allowance must be a decimal string with at most two decimals, e.g. "20.00"' })
  allowance?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100) resourceDiscountPercent?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100) creditOptionDiscountPercent?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() billPaymentEnabled?: boolean;
  @ApiPropertyOptional({ type: RolloverDto }) @IsOptional() @ValidateNested() @Type(() => RolloverDto) rollover?: RolloverDto;
}

export class PlanResponse {
  @ApiProperty() id: string;
  @ApiProperty() locationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: MoneyDto }) price: MoneyDto;
  @ApiProperty({ type: BillingPeriodDto }) billingPeriod: BillingPeriodDto;
  @ApiProperty({ example: '20.00' }) allowance: string;
  @ApiProperty() resourceDiscountPercent: number;
  @ApiProperty() creditOptionDiscountPercent: number;
  @ApiProperty() billPaymentEnabled: boolean;
  @ApiProperty({ type: RolloverDto }) rollover: RolloverDto;
  @ApiProperty({ enum: ['active', 'archived'] }) status: string;
}

export class PlanHolderDto {
  @ApiProperty({ enum: ['user', 'company'] })
  @IsIn(['user', 'company'], { message: 'type must be "user" or "company"' })
  type: 'user' | 'company';

  @ApiProperty({ description: `a member's user id (${USER_ID_DESCRIPTION}), or a company id` })
  @IsUserId()
  id: string;
}

export class AssignPlanRequest {
  @ApiProperty({ type: PlanHolderDto })
  @IsObject({ message: 'holder must be an object { type, id }' })
  @ValidateNested()
  @Type(() => PlanHolderDto)
  holder: PlanHolderDto;

  @ApiProperty()
  @IsText()
  planId: string;
}

export class ChangeAssignmentRequest {
  @ApiProperty()
  @IsText()
  planId: string;

  @ApiProperty({ enum: ['next-period', 'now'], description: '"now" ends the current period now and starts one of the new plan' })
  @IsIn(['next-period', 'now'], { message: 'effective must be "next-period" or "now"' })
  effective: 'next-period' | 'now';
}

export class CancelAssignmentRequest {
  @ApiProperty({ enum: ['period-end', 'now'] })
  @IsIn(['period-end', 'now'], { message: 'effective must be "period-end" or "now"' })
  effective: 'period-end' | 'now';
}

export class PlanPeriodView {
  @ApiProperty() periodId: string;
  @ApiProperty() planId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ example: '20.00' }) allowance: string;
}

export class AssignmentResponse {
  @ApiProperty() id: string;
  @ApiProperty() locationId: string;
  @ApiProperty({ type: PlanHolderDto }) holder: PlanHolderDto;
  @ApiProperty() planId: string;
  @ApiProperty({ nullable: true, type: String, description: 'plan taking over at the next period' }) pendingPlanId: string | null;
  @ApiProperty() cancelAtPeriodEnd: boolean;
  @ApiProperty({ enum: ['active', 'ended'] }) status: string;
  @ApiProperty({ type: PlanPeriodView, nullable: true }) currentPeriod: PlanPeriodView | null;
}
