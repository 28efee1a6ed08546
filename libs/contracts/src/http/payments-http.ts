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
  @ApiProperty({ enum: paymentPurposeTypes }) type: string;
  @ApiProperty() id: string;
}

export class PayerView {
  @ApiProperty({ enum: ['user', 'company'] }) ownerType: string;
  @ApiProperty() ownerId: string;
}

/** A money transaction of a location (R14): a card payment and what of it can still be refunded. */
export class PaymentView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['card'] }) method: 'card';
  @ApiProperty({ type: PaymentMoneyDto }) amount: PaymentMoneyDto;
  @ApiProperty({ enum: paymentStatuses }) status: PaymentStatus;
  @ApiProperty({ type: PaymentPurposeView }) purpose: PaymentPurposeView;
  @ApiProperty({ type: PayerView }) payer: PayerView;
  @ApiProperty({ type: PaymentMoneyDto, description: 'what an admin may still refund; 0 unless succeeded, always 0 for credit purchases (R13)' })
  refundable: PaymentMoneyDto;
  @ApiProperty() createdAt: string;
}

export class PaymentsPage {
  @ApiProperty({ type: [PaymentView], description: 'newest first' }) items: PaymentView[];
  @ApiProperty({ nullable: true, description: 'pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

export class PaymentsQuery {
  @ApiPropertyOptional({ example: '50', description: '1..200, default 50' })
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|1\d\d|200)$/, { message: 'limit must be an integer from 1 to 200' })
  limit?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}
