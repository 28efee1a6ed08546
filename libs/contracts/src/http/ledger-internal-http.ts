import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsISO8601, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
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
  @ApiProperty({ example: 1250, description: 'integer minor units' }) amount: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
}

export class ValuedCreditsView {
  @ApiProperty({ example: '120.00' }) credits: string;
  @ApiProperty({ type: MoneyView, description: 'credits with a known unit price (purchases), valued at it' }) value: MoneyView;
  @ApiProperty({ example: '20.00', description: 'credits without a known unit price, not in value' }) unvaluedCredits: string;
}

export class LiabilityByKindView extends ValuedCreditsView {
  @ApiProperty({ enum: ['permanent', 'expiring'] }) kind: string;
}

export class LiabilityBySourceView extends ValuedCreditsView {
  @ApiProperty({ enum: ['plan', 'admin', 'purchase', 'refund', 'rollover'] }) source: string;
}

export class BreakageMonthView extends ValuedCreditsView {
  @ApiProperty({ example: '2026-11', description: 'calendar month in UTC' }) month: string;
}

export class OutstandingCreditsView extends ValuedCreditsView {
  @ApiProperty({ type: [LiabilityByKindView] }) byKind: LiabilityByKindView[];
  @ApiProperty({ type: [LiabilityBySourceView] }) bySource: LiabilityBySourceView[];
}

/** A location's credit liability: usable and held credits outstanding, and credits expired unused per month. */
export class LiabilityReportResponse {
  @ApiProperty() locationId: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty() asOf: string;
  @ApiProperty({ type: OutstandingCreditsView }) outstanding: OutstandingCreditsView;
  @ApiProperty({ type: [BreakageMonthView], description: 'per calendar month in UTC' }) breakage: BreakageMonthView[];
}
