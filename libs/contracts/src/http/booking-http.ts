import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { bookingPaymentMethods, type BookingPaymentMethod } from '../booking/booking-events';
import { resourceTypes, type ResourceType } from '../ledger/ledger.events';
import { USER_ID_SCHEMA, UUID_SCHEMA } from './api-routes';
import { OptionPriceDto } from './billing-http';
import { CREDITS_PROPERTY, IsCreditsAmount } from './credits-amount';
import { MoneyView } from './ledger-internal-http';
import { IsText, IsUserId } from './text';
import { IsOmittable } from './omittable';

const INSTANT = { type: String, format: 'date-time', example: '2026-12-01T09:00:00.000Z' } as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const CREDITS_VALUE = { pattern: '^\\d+\\.\\d{2}$', example: '2.00', description: 'credits as a decimal string' } as const;

export const resourceUnits = ['hour', 'day', 'ticket', 'item'] as const;
export type ResourceUnit = (typeof resourceUnits)[number];
/** The unit each resource type is priced in. */
export const UNIT_OF: Record<ResourceType, ResourceUnit> = { room: 'hour', desk: 'day', event: 'ticket', product: 'item' };
export const resourceStatuses = ['active', 'archived'] as const;
export const bookingStatuses = ['pending', 'held', 'awaiting_payment', 'confirmed', 'cancelling', 'cancelled', 'failed'] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

export class ResourcePricesDto {
  @ApiPropertyOptional({ type: OptionPriceDto, description: 'money price per unit' })
  @IsOptional()
  @IsObject({ message: 'money must be an object { amount, currency }' })
  @ValidateNested()
  @Type(() => OptionPriceDto)
  money?: OptionPriceDto;

  @ApiPropertyOptional({ ...CREDITS_PROPERTY, example: '2.00', description: 'credit price per unit' })
  @IsOptional()
  @IsCreditsAmount()
  credits?: string;
}

/** R9: full refund until N hours before the start, optionally a percentage until M (< N) hours before, nothing after. */
export class RefundPolicyDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 8760, example: 24 })
  @IsInt({ message: 'fullRefundUntilHoursBefore must be a whole number of hours' })
  @Min(0)
  @Max(8760)
  fullRefundUntilHoursBefore: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 8760, example: 2, description: 'less than fullRefundUntilHoursBefore; with partialRefundPercent' })
  @IsOptional()
  @IsInt({ message: 'partialRefundUntilHoursBefore must be a whole number of hours' })
  @Min(0)
  @Max(8760)
  partialRefundUntilHoursBefore?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 99, example: 50 })
  @IsOptional()
  @IsInt({ message: 'partialRefundPercent must be a whole percentage' })
  @Min(1)
  @Max(99)
  partialRefundPercent?: number;
}

/** Rooms: when they can be booked, in the location's time zone. */
export class OpeningHoursDto {
  @ApiProperty({ example: '08:00', pattern: CLOCK.source })
  @Matches(CLOCK, { message: 'opens must be HH:MM' })
  opens: string;

  @ApiProperty({ example: '20:00', pattern: CLOCK.source, description: 'after opens' })
  @Matches(CLOCK, { message: 'closes must be HH:MM' })
  closes: string;
}

export class CreateResourceRequest {
  @ApiProperty({ enum: resourceTypes })
  @IsIn([...resourceTypes], { message: 'type must be "room", "desk", "event" or "product"' })
  type: ResourceType;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Room Berlin' })
  @IsText({ min: 1, max: 200 })
  name: string;

  @ApiProperty({ type: ResourcePricesDto, description: 'at least one of money and credits' })
  @IsObject({ message: 'prices must be an object { money?, credits? }' })
  @ValidateNested()
  @Type(() => ResourcePricesDto)
  prices: ResourcePricesDto;

  @ApiProperty({ enum: resourceUnits, description: 'room: hour, desk: day, event: ticket, product: item' })
  @IsIn([...resourceUnits], { message: 'unit must be "hour", "day", "ticket" or "item"' })
  unit: ResourceUnit;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100000, example: 8, description: 'rooms: people; desks: day passes per day; events: tickets (required for desks and events)' })
  @IsOptional()
  @IsInt({ message: 'capacity must be a whole number' })
  @Min(1)
  @Max(100000)
  capacity?: number;

  @ApiPropertyOptional({ ...INSTANT, description: 'events: required' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO-8601 instant' })
  startsAt?: string;

  @ApiPropertyOptional({ ...INSTANT, description: 'events: required, after startsAt' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'endsAt must be an ISO-8601 instant' })
  endsAt?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 1000000, example: 20, description: 'products: required' })
  @IsOptional()
  @IsInt({ message: 'stock must be a whole number' })
  @Min(0)
  @Max(1000000)
  stock?: number;

  @ApiPropertyOptional({ type: OpeningHoursDto, description: 'rooms: default all day' })
  @IsOptional()
  @IsObject({ message: 'openingHours must be an object { opens, closes }' })
  @ValidateNested()
  @Type(() => OpeningHoursDto)
  openingHours?: OpeningHoursDto;

  @ApiPropertyOptional({ type: 'integer', minimum: 15, maximum: 1440, example: 60, description: 'rooms: shortest booking in minutes (default 15)' })
  @IsOptional()
  @IsInt({ message: 'minDurationMinutes must be a whole number' })
  @Min(15)
  @Max(1440)
  minDurationMinutes?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 15, maximum: 1440, example: 480, description: 'rooms: longest booking in minutes (default 1440)' })
  @IsOptional()
  @IsInt({ message: 'maxDurationMinutes must be a whole number' })
  @Min(15)
  @Max(1440)
  maxDurationMinutes?: number;

  @ApiProperty({ type: RefundPolicyDto })
  @IsObject({ message: 'refundPolicy must be an object { fullRefundUntilHoursBefore, ... }' })
  @ValidateNested()
  @Type(() => RefundPolicyDto)
  refundPolicy: RefundPolicyDto;
}

/** Any subset of the editable fields; bookings made before keep what they paid. */
export class UpdateResourceRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Room Berlin' })
  @IsOptional()
  @IsText({ min: 1, max: 200 })
  name?: string;

  @ApiPropertyOptional({ type: ResourcePricesDto })
  @IsOptional()
  @IsObject({ message: 'prices must be an object { money?, credits? }' })
  @ValidateNested()
  @Type(() => ResourcePricesDto)
  prices?: ResourcePricesDto;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100000, example: 8 })
  @IsOptional()
  @IsInt({ message: 'capacity must be a whole number' })
  @Min(1)
  @Max(100000)
  capacity?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 1000000, example: 20, description: 'products' })
  @IsOptional()
  @IsInt({ message: 'stock must be a whole number' })
  @Min(0)
  @Max(1000000)
  stock?: number;

  @ApiPropertyOptional({ type: OpeningHoursDto })
  @IsOptional()
  @IsObject({ message: 'openingHours must be an object { opens, closes }' })
  @ValidateNested()
  @Type(() => OpeningHoursDto)
  openingHours?: OpeningHoursDto;

  @ApiPropertyOptional({ type: RefundPolicyDto })
  @IsOptional()
  @IsObject({ message: 'refundPolicy must be an object' })
  @ValidateNested()
  @Type(() => RefundPolicyDto)
  refundPolicy?: RefundPolicyDto;
}

export class CreditsAndMoneyView {
  @ApiPropertyOptional({ type: MoneyView }) money?: MoneyView;
  @ApiPropertyOptional({ ...CREDITS_VALUE }) credits?: string;
}

export class OpeningHoursView {
  @ApiProperty({ example: '08:00' }) opens: string;
  @ApiProperty({ example: '20:00' }) closes: string;
}

export class RefundPolicyView {
  @ApiProperty({ example: 24 }) fullRefundUntilHoursBefore: number;
  @ApiPropertyOptional({ example: 2 }) partialRefundUntilHoursBefore?: number;
  @ApiPropertyOptional({ example: 50 }) partialRefundPercent?: number;
}

export class ResourceResponse {
  @ApiProperty(UUID_SCHEMA) id: string;
  @ApiProperty(UUID_SCHEMA) locationId: string;
  @ApiProperty({ enum: resourceTypes }) type: ResourceType;
  @ApiProperty({ example: 'Room Berlin' }) name: string;
  @ApiProperty({ type: CreditsAndMoneyView, description: 'per unit' }) prices: CreditsAndMoneyView;
  @ApiProperty({ enum: resourceUnits }) unit: ResourceUnit;
  @ApiProperty({ type: 'integer', nullable: true, example: 8 }) capacity: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null, description: 'events' }) startsAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null, description: 'events' }) endsAt: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: null, description: 'products: items left' }) stock: number | null;
  @ApiProperty({ type: OpeningHoursView, nullable: true }) openingHours: OpeningHoursView | null;
  @ApiProperty({ example: 15 }) minDurationMinutes: number;
  @ApiProperty({ example: 1440 }) maxDurationMinutes: number;
  @ApiProperty({ type: RefundPolicyView }) refundPolicy: RefundPolicyView;
  @ApiProperty({ enum: resourceStatuses }) status: 'active' | 'archived';
}

export class ResourcesQuery {
  @ApiPropertyOptional({ enum: resourceTypes })
  @IsOptional()
  @IsIn([...resourceTypes], { message: 'type must be "room", "desk", "event" or "product"' })
  type?: ResourceType;

  @ApiPropertyOptional({ enum: resourceStatuses, description: 'default "active"; "archived" is for location admins' })
  @IsOptional()
  @IsIn([...resourceStatuses], { message: 'status must be "active" or "archived"' })
  status?: 'active' | 'archived';
}

/** What is to be booked: rooms `start` and `end`; desks `date`; tickets and products `quantity` (default 1). */
export class BookingTargetDto {
  @ApiPropertyOptional({ ...INSTANT, description: 'rooms' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'start must be an ISO-8601 instant' })
  start?: string;

  @ApiPropertyOptional({ ...INSTANT, description: 'rooms' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'end must be an ISO-8601 instant' })
  end?: string;

  @ApiPropertyOptional({ example: '2026-12-01', pattern: DATE.source, description: 'desks: the day, in the location’s time zone' })
  @IsOptional()
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, example: 1, description: 'tickets and products' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'quantity must be a whole number' })
  @Min(1)
  @Max(100)
  quantity?: number;
}

export class QuoteQuery extends BookingTargetDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 255, description: 'price for that company’s credits (its plan); you must be a member of it' })
  @IsOptional()
  @IsText({ min: 1, max: 255 })
  companyId?: string;
}

export class QuoteResponse {
  @ApiProperty({ type: CreditsAndMoneyView, description: 'before the plan discount; no credits when credits are off' }) listPrice: CreditsAndMoneyView;
  @ApiProperty({ example: 20, description: 'the plan’s resource discount, 0-100 (on credits only with discountAppliesToCredits)' }) discountPercent: number;
  @ApiProperty({ type: CreditsAndMoneyView, description: 'what the caller pays' }) price: CreditsAndMoneyView;
  @ApiProperty({ enum: bookingPaymentMethods, isArray: true }) paymentMethods: BookingPaymentMethod[];
}

export class BookingPaymentDto {
  @ApiProperty({ enum: bookingPaymentMethods })
  @IsIn([...bookingPaymentMethods], { message: 'method must be "personal-credits", "company-credits", "card" or "split"' })
  method: BookingPaymentMethod;

  @ApiPropertyOptional({ minLength: 1, maxLength: 255, example: '0b6f3c52-8d1e-4c4f-9a57-5e2f0f8f6a11', description: 'company-credits: the company whose credits pay (you must be a member)' })
  @IsOmittable()
  @IsText({ min: 1, max: 255 })
  companyId?: string;

  @ApiPropertyOptional({ ...CREDITS_PROPERTY, example: '3.00', description: 'split: at most this many credits, the rest by card' })
  @IsOmittable()
  @IsCreditsAmount()
  maxCredits?: string;
}

export class CreateBookingRequest extends BookingTargetDto {
  @ApiProperty({ ...UUID_SCHEMA, description: 'an active resource of the location' })
  @IsString()
  @Length(1, 200)
  resourceId: string;

  @ApiProperty({ type: BookingPaymentDto })
  @IsObject({ message: 'payment must be an object { method, companyId?, maxCredits? }' })
  @ValidateNested()
  @Type(() => BookingPaymentDto)
  payment: BookingPaymentDto;
}

export class CheckInRequest {
  @ApiProperty({ ...UUID_SCHEMA, description: 'a desk of the location' })
  @IsString()
  @Length(1, 200)
  resourceId: string;

  @ApiProperty({ example: '2026-12-01', pattern: DATE.source, description: 'the day, in the location’s time zone' })
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date: string;

  @ApiProperty({ type: BookingPaymentDto })
  @IsObject({ message: 'payment must be an object { method, companyId?, maxCredits? }' })
  @ValidateNested()
  @Type(() => BookingPaymentDto)
  payment: BookingPaymentDto;
}

export class ChargedView {
  @ApiProperty({ ...CREDITS_VALUE, example: '3.00' }) credits: string;
  @ApiProperty({ type: MoneyView }) money: MoneyView;
}

export const bookingPaymentStatuses = ['pending', 'succeeded', 'failed', 'refunded'] as const;
export type BookingPaymentStatus = (typeof bookingPaymentStatuses)[number];

export class BookingPaymentView {
  @ApiProperty({ ...UUID_SCHEMA, description: "payments' id of the card payment" }) paymentId: string;
  @ApiProperty({ example: 'pi_123' }) paymentIntentId: string;
  @ApiProperty({ enum: bookingPaymentStatuses, description: 'pending until payments says it succeeded or failed; refunded once the card part went back' }) status: BookingPaymentStatus;
  @ApiPropertyOptional({ example: 'pi_123_secret_abc', description: 'while pending, to the booker only: confirm the card payment with it (Stripe.js)' }) clientSecret?: string;
}

export const refundIssueParts = ['credits', 'money', 'late-payment'] as const;
export type RefundIssuePart = (typeof refundIssueParts)[number];

export class RefundIssueView {
  @ApiProperty({ enum: refundIssueParts, description: "credits or money: a part of a cancellation's refund; late-payment: the card refund of a payment that arrived after the booking failed" })
  part: RefundIssuePart;
  @ApiProperty({ example: 'payments refused the card refund: 500 EUR requested, 0 EUR still refundable' }) reason: string;
}

export class BookingWalletView {
  @ApiProperty({ enum: ['user', 'company'] }) ownerType: 'user' | 'company';
  @ApiProperty({ example: 'auth0|64f1c2' }) ownerId: string;
}

export class BookingResponse {
  @ApiProperty(UUID_SCHEMA) id: string;
  @ApiProperty(UUID_SCHEMA) locationId: string;
  @ApiProperty(UUID_SCHEMA) resourceId: string;
  @ApiProperty({ enum: resourceTypes }) resourceType: ResourceType;
  @ApiProperty({ enum: ['booking', 'check-in'] }) kind: 'booking' | 'check-in';
  @ApiProperty({ example: 'auth0|64f1c2' }) userId: string;
  @ApiProperty({ enum: bookingStatuses, description: 'confirmed, or awaiting_payment for card and split; pending/held while the credits are taken' }) status: BookingStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-01T09:00:00.000Z' }) start: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-01T11:00:00.000Z' }) end: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-01' }) date: string | null;
  @ApiProperty({ example: 1 }) quantity: number;
  @ApiProperty({ enum: bookingPaymentMethods }) paymentMethod: BookingPaymentMethod;
  @ApiProperty({ type: BookingWalletView, nullable: true, description: 'the wallet the credits came from' }) wallet: BookingWalletView | null;
  @ApiProperty({ type: ChargedView }) charged: ChargedView;
  @ApiPropertyOptional({ type: BookingPaymentView, description: 'card and split, once payments started the card payment (the amount is charged.money)' }) payment?: BookingPaymentView;
  @ApiProperty({ type: ChargedView, nullable: true, description: 'after a cancellation: what went back' }) refund: ChargedView | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'failed: why' }) failureReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-30T18:00:00.000Z' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) cancelledAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null, description: 'orders of products: when an admin handed them over (final from then on)' }) fulfilledAt: string | null;
  @ApiProperty({ type: [RefundIssueView], description: 'refunds the ledger or payments refused for good: not given back, a person settles them (the service logs an ALERT); empty normally' })
  refundIssues: RefundIssueView[];
}

export class CancelBookingResponse {
  @ApiProperty(UUID_SCHEMA) id: string;
  @ApiProperty({ enum: bookingStatuses }) status: BookingStatus;
  @ApiProperty({ type: ChargedView, description: 'what went back under the policy at the cancellation instant (a second cancel answers the same)' }) refund: ChargedView;
}

export class BookingsQuery {
  // Without USER_ID_SCHEMA's `not`: a query parameter object cannot carry it (IsUserId still refuses '.' and '..').
  @ApiPropertyOptional({
    type: 'string',
    minLength: USER_ID_SCHEMA.minLength,
    maxLength: USER_ID_SCHEMA.maxLength,
    pattern: USER_ID_SCHEMA.pattern,
    example: USER_ID_SCHEMA.example,
    description: 'default: your own; admins any user, or all without it',
  })
  @IsOptional()
  @IsUserId()
  userId?: string;
}
