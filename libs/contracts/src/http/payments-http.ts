import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { paymentPurposeTypes } from '../payments/payment-events';
import { PaymentMoneyDto, paymentStatuses, type PaymentStatus } from './payments-internal-http';

/** The public payments routes (DESIGN section 6.1); the gateway serves them, the payments service answers the same paths. */
export const PaymentRoutes = {
  payments: 'v1/locations/:locationId/payments',
  paymentRefunds: 'v1/locations/:locationId/payments/:paymentId/refunds',
  /** no bearer token: Stripe signs the raw body (Stripe-Signature) */
  stripeWebhook: 'v1/payments/stripe/webhook',
} as const;

export class PaymentPurposeView {
  @ApiProperty({ enum: paymentPurposeTypes, example: paymentPurposeTypes[0] }) type: string;
  @ApiProperty({ example: '5d1c0f7e-2b8a-4c51-9a3e-0f6e1b2c3d4e', description: 'the credit purchase or booking paid' }) id: string;
}

export class PayerView {
  @ApiProperty({ enum: ['user', 'company'], example: 'user' }) ownerType: string;
  @ApiProperty({ example: 'auth0|64f1c2', description: 'a user id, or a company id' }) ownerId: string;
}

/** A money transaction of a location (R14): a card payment and what of it can still be refunded. */
export class PaymentView {
  @ApiProperty({ format: 'uuid', example: '0b6f3c52-8d1e-4c4f-9a57-5e2f0f8f6a11' }) id: string;
  @ApiProperty({ enum: ['card'] }) method: 'card';
  @ApiProperty({ type: PaymentMoneyDto }) amount: PaymentMoneyDto;
  @ApiProperty({ enum: paymentStatuses }) status: PaymentStatus;
  @ApiProperty({ type: PaymentPurposeView }) purpose: PaymentPurposeView;
  @ApiProperty({ type: PayerView }) payer: PayerView;
  @ApiProperty({ type: PaymentMoneyDto, description: 'what an admin may still refund; 0 unless succeeded, always 0 for credit purchases (R13)' })
  refundable: PaymentMoneyDto;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:30:00.000Z' }) createdAt: string;
}

export class PaymentsPage {
  @ApiProperty({ type: [PaymentView], description: 'newest first' }) items: PaymentView[];
  @ApiProperty({ type: String, nullable: true, example: 'MTI', description: 'pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

export class PaymentsQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50, example: 50, description: 'payments per page' })
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|1\d\d|200)$/, { message: 'limit must be an integer from 1 to 200' })
  limit?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'MTI', description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}
