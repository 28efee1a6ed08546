import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { paymentPurposeTypes, type PaymentPurposeType } from '../payments/payment-events';

/**
 * The payments service's internal API (service to service, not routed by the gateway): billing and
 * booking create card payments for what they sell and refund booking payments on cancellation.
 */
export const INTERNAL_PAYMENTS_PATH = 'internal/payments';

/** `POST /internal/payments/{paymentId}/refunds` */
export function internalRefundPath(paymentId: string): string {
  return `/${INTERNAL_PAYMENTS_PATH}/${encodeURIComponent(paymentId)}/refunds`;
}

const ID = /^[A-Za-z0-9._:@-]{1,200}$/;
/** Stripe's largest charge amount (8 digits), so a payment Stripe would refuse is refused up front. */
export const MAX_PAYMENT_AMOUNT = 99_999_999;

/** Money to pay or refund: a positive integer in ISO 4217 minor units. */
export class PaymentMoneyDto {
  @ApiProperty({ example: 900, description: 'integer minor units, 1..99999999' })
  @IsInt({ message: 'amount must be an integer in minor units' })
  @Min(1)
  @Max(MAX_PAYMENT_AMOUNT)
  amount: number;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217 currency code' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "EUR"' })
  currency: string;
}

export class PayerDto {
  @ApiProperty({ enum: ['user', 'company'] })
  @IsIn(['user', 'company'], { message: 'ownerType must be "user" or "company"' })
  ownerType: 'user' | 'company';

  @ApiProperty({ example: 'bob', description: 'the user id, or the company id' })
  @IsString()
  @Length(1, 255)
  ownerId: string;
}

export class PaymentPurposeDto {
  @ApiProperty({ enum: paymentPurposeTypes })
  @IsIn([...paymentPurposeTypes], { message: `type must be one of ${paymentPurposeTypes.join(', ')}` })
  type: PaymentPurposeType;

  @ApiProperty({ example: 'b3c1…', description: 'the purchase or booking id in the calling service' })
  @Matches(ID, { message: 'id must be 1-200 letters, digits or . _ : @ -' })
  id: string;
}

/** A card payment for a purpose; one purpose has at most one payment (a retry answers the same one). */
export class CreatePaymentRequest {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'locationId must be a UUID' })
  locationId: string;

  @ApiProperty({ type: PayerDto })
  @IsObject({ message: 'payer must be an object { ownerType, ownerId }' })
  @ValidateNested()
  @Type(() => PayerDto)
  payer: PayerDto;

  @ApiProperty({ type: PaymentPurposeDto })
  @IsObject({ message: 'purpose must be an object { type, id }' })
  @ValidateNested()
  @Type(() => PaymentPurposeDto)
  purpose: PaymentPurposeDto;

  @ApiProperty({ type: PaymentMoneyDto })
  @IsObject({ message: 'amount must be an object { amount, currency }' })
  @ValidateNested()
  @Type(() => PaymentMoneyDto)
  amount: PaymentMoneyDto;

  @ApiPropertyOptional({ example: 'Meeting room Berlin, 2 h', description: 'shown on the card statement and in Stripe' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  description?: string;
}

export const paymentStatuses = ['awaiting_payment', 'succeeded', 'failed', 'mismatch'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export class PaymentCreatedResponse {
  @ApiProperty() paymentId: string;
  @ApiProperty({ example: 'pi_3Q…' }) paymentIntentId: string;
  @ApiProperty({ description: 'for Stripe.js on the client, to confirm the card payment' }) clientSecret: string;
  @ApiProperty({ enum: paymentStatuses }) status: PaymentStatus;
}

export const refundMethods = ['card', 'credits'] as const;
export type RefundMethod = (typeof refundMethods)[number];

/** A refund of (part of) a payment, as money to the card or as the exact equivalent in credits (R15). */
export class RefundPaymentRequest {
  @ApiProperty({ type: PaymentMoneyDto, description: 'at most what is still refundable, in the payment currency' })
  @IsObject({ message: 'amount must be an object { amount, currency }' })
  @ValidateNested()
  @Type(() => PaymentMoneyDto)
  amount: PaymentMoneyDto;

  @ApiProperty({ enum: refundMethods })
  @IsIn([...refundMethods], { message: 'method must be "card" or "credits"' })
  method: RefundMethod;

  @ApiProperty({ example: 'Room was unavailable' })
  @IsString()
  @Length(1, 500)
  reason: string;
}

/** Booking refunds a cancelled booking's card payment: money back to the card only. */
export class InternalRefundRequest extends RefundPaymentRequest {
  @ApiProperty({ enum: ['card'] })
  @IsIn(['card'], { message: 'method must be "card"' })
  declare method: 'card';
}

export class RefundView {
  @ApiProperty({ format: 'uuid', example: '7c1f9a2e-4b3d-4e8f-a6b5-1d2c3e4f5a6b' }) id: string;
  @ApiProperty({ format: 'uuid', example: '0b6f3c52-8d1e-4c4f-9a57-5e2f0f8f6a11' }) paymentId: string;
  @ApiProperty({ enum: refundMethods }) method: RefundMethod;
  @ApiProperty({ type: PaymentMoneyDto }) amount: PaymentMoneyDto;
  @ApiProperty({ example: '9.00', description: 'credits given instead of money ("0.00" for card refunds)' }) credits: string;
  @ApiProperty({ type: String, example: 're_3Q…', nullable: true, description: 'the Stripe refund of a card refund' }) stripeRefundId: string | null;
  @ApiProperty({ type: PaymentMoneyDto, description: 'what is still refundable after this refund' }) refundable: PaymentMoneyDto;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:30:00.000Z' }) createdAt: string;
}
