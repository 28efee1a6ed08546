import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsISO8601, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { grantSources, lotKinds } from '../ledger/ledger.events';
import { IsCreditsAmount } from './credits-amount';
import { IsText } from './text';

/**
 * The ledger's internal API (service to service, not routed by the gateway): spends, holds,
 * captures, releases and refunds for the booking, billing and shop services.
 */
const ID = /^[A-Za-z0-9._:@-]{1,200}$/;

export class SpendPurposeDto {
  @ApiProperty({ enum: ['room', 'desk', 'event', 'product'] })
  @IsIn(['room', 'desk', 'event', 'product'], { message: 'resourceType must be "room", "desk", "event" or "product"' })
  resourceType: 'room' | 'desk' | 'event' | 'product';

  @ApiProperty({ example: 'booking-42', description: 'the booking, check-in, ticket or order in the calling service' })
  @IsString()
  @Matches(ID, { message: 'reference must be 1-200 letters, digits or . _ : @ -' })
  reference: string;
}

export class SpendCreditsRequest {
  @ApiProperty({ example: '12.50' })
  @IsCreditsAmount()
  amount: string;

  @ApiProperty({ type: SpendPurposeDto })
  @IsDefined({ message: 'purpose is required' })
  @ValidateNested()
  @Type(() => SpendPurposeDto)
  purpose: SpendPurposeDto;

  @ApiProperty({ example: 'Room Berlin, 2 h' })
  @IsText({ min: 1, max: 500 })
  reason: string;
}

export class HoldCreditsRequest extends SpendCreditsRequest {
  @ApiProperty({ example: '2026-12-01T10:15:00Z', description: 'uncaptured, the hold is released at this instant' })
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO-8601 instant' })
  expiresAt: string;
}

export class CaptureHoldRequest {
  @ApiPropertyOptional({ example: '8.00', description: 'omitted: the whole hold; less: the rest is released' })
  @IsOptional()
  @IsCreditsAmount()
  amount?: string;

  @ApiProperty({ example: 'Booking confirmed' })
  @IsText({ min: 1, max: 500 })
  reason: string;
}

export class ReleaseHoldRequest {
  @ApiPropertyOptional({ example: 'Booking cancelled', description: 'default: "hold released"' })
  @IsOptional()
  @IsText({ min: 1, max: 500 })
  reason?: string;
}

export class RefundCreditsRequest {
  @ApiPropertyOptional({ description: 'the spend to refund (exactly one of spendId, holdId)' })
  @IsOptional()
  @Matches(ID, { message: 'spendId must be 1-200 letters, digits or . _ : @ -' })
  spendId?: string;

  @ApiPropertyOptional({ description: 'the captured hold to refund (exactly one of spendId, holdId)' })
  @IsOptional()
  @Matches(ID, { message: 'holdId must be 1-200 letters, digits or . _ : @ -' })
  holdId?: string;

  @ApiPropertyOptional({ example: '5.00', description: 'omitted: everything not refunded yet' })
  @IsOptional()
  @IsCreditsAmount()
  amount?: string;

  @ApiProperty({ example: 'Booking cancelled 48 h before start' })
  @IsText({ min: 1, max: 500 })
  reason: string;
}

export class MoneyView {
  @ApiProperty({ type: 'integer', minimum: 0, example: 1250, description: 'integer minor units' }) amount: number;
  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'EUR', description: 'ISO 4217' }) currency: string;
}

const CREDITS_VALUE = { pattern: '^\\d+\\.\\d{2}$', description: 'credits as a decimal string' } as const;

export class ValuedCreditsView {
  @ApiProperty({ ...CREDITS_VALUE, example: '120.00' }) credits: string;
  @ApiProperty({ type: MoneyView, description: 'credits with a known unit price (purchases), valued at it' }) value: MoneyView;
  @ApiProperty({ ...CREDITS_VALUE, example: '20.00', description: 'credits without a known unit price, not in value' }) unvaluedCredits: string;
}

export class LiabilityByKindView extends ValuedCreditsView {
  @ApiProperty({ enum: lotKinds, example: 'expiring' }) kind: string;
}

export class LiabilityBySourceView extends ValuedCreditsView {
  @ApiProperty({ enum: grantSources, example: 'purchase' }) source: string;
}

export class BreakageMonthView extends ValuedCreditsView {
  @ApiProperty({ pattern: '^\\d{4}-\\d{2}$', example: '2026-11', description: 'calendar month in UTC' }) month: string;
}

export class OutstandingCreditsView extends ValuedCreditsView {
  @ApiProperty({ type: [LiabilityByKindView] }) byKind: LiabilityByKindView[];
  @ApiProperty({ type: [LiabilityBySourceView] }) bySource: LiabilityBySourceView[];
}

/** The liability report is always of now: no query parameter is accepted (a past `asOf` is refused, not ignored). */
export class LiabilityReportQuery {}

/** A location's credit liability: usable and held credits outstanding, and credits expired unused per month. */
export class LiabilityReportResponse {
  @ApiProperty({ format: 'uuid', example: '0b6f3c52-8d1e-4c4f-9a57-5e2f0f8f6a11' }) locationId: string;
  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'EUR' }) currency: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:30:00.000Z', description: 'the instant the report is of (now)' }) asOf: string;
  @ApiProperty({ type: OutstandingCreditsView }) outstanding: OutstandingCreditsView;
  @ApiProperty({ type: [BreakageMonthView], description: 'per calendar month in UTC' }) breakage: BreakageMonthView[];
}
