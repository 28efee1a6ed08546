import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { UUID_SCHEMA } from './api-routes';
import { IsOmittable } from './omittable';
import { ApiSchemaRules } from './schema-rules';
import { CREDITS_PROPERTY, IsCreditsAmount } from './credits-amount';
import { MoneyView } from './ledger-internal-http';
import { MAX_PAYMENT_AMOUNT } from './payments-internal-http';

const INSTANT = { type: String, format: 'date-time', example: '2026-12-01T09:30:00.000Z' } as const;

/** Credit options, credit purchases and bills (DESIGN R10-R13, section 6.1): the gateway serves these paths, billing answers them. */
export const BillingRoutes = {
  creditOptions: 'v1/locations/:locationId/credit-options',
  creditOption: 'v1/locations/:locationId/credit-options/:optionId',
  creditOptionArchive: 'v1/locations/:locationId/credit-options/:optionId/archive',
  creditPurchases: 'v1/locations/:locationId/credit-purchases',
  creditPurchase: 'v1/locations/:locationId/credit-purchases/:purchaseId',
  creditPurchaseCancel: 'v1/locations/:locationId/credit-purchases/:purchaseId/cancel',
  bills: 'v1/locations/:locationId/bills',
} as const;

export const creditOptionStatuses = ['active', 'archived'] as const;
export type CreditOptionStatus = (typeof creditOptionStatuses)[number];
export const creditPurchaseStatuses = ['awaiting_payment', 'completed', 'failed'] as const;
export type CreditPurchaseStatus = (typeof creditPurchaseStatuses)[number];
export const purchasePaymentMethods = ['card', 'bill', 'free'] as const;
export type PurchasePaymentMethod = (typeof purchasePaymentMethods)[number];
export const walletOwnerTypes = ['user', 'company'] as const;

/** A list price: 0 (free for everyone) up to the largest amount a card payment can take. */
export class OptionPriceDto {
  @ApiProperty({ example: 900, description: `integer minor units, 0..${MAX_PAYMENT_AMOUNT}` })
  @IsInt({ message: 'amount must be an integer in minor units' })
  @Min(0)
  @Max(MAX_PAYMENT_AMOUNT)
  amount: number;

  @ApiProperty({ example: 'EUR', description: "ISO 4217 code; must be the location's currency" })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "EUR"' })
  currency: string;
}

export class CreateCreditOptionRequest {
  @ApiProperty({ minLength: 1, maxLength: 200, example: '10 credits' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ ...CREDITS_PROPERTY, example: '10.00', description: 'credits the buyer gets' })
  @IsCreditsAmount()
  credits: string;

  // ValidateNested alone lets a missing object through: IsObject makes it a field error.
  @ApiProperty({ type: OptionPriceDto })
  @IsObject({ message: 'price must be an object { amount, currency }' })
  @ValidateNested()
  @Type(() => OptionPriceDto)
  price: OptionPriceDto;
}

/** Any non-empty subset of the option's fields; purchases made before keep what they paid and got. */
@ApiSchemaRules({ minProperties: 1 })
export class UpdateCreditOptionRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: '10 credits' })
  @IsOmittable()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ ...CREDITS_PROPERTY, example: '10.00' })
  @IsOmittable()
  @IsCreditsAmount()
  credits?: string;

  @ApiPropertyOptional({ type: OptionPriceDto })
  @IsOmittable()
  @IsObject({ message: 'price must be an object { amount, currency }' })
  @ValidateNested()
  @Type(() => OptionPriceDto)
  price?: OptionPriceDto;
}

/** An option as admins manage it: `price` is the list price. */
export class CreditOptionResponse {
  @ApiProperty(UUID_SCHEMA) id: string;
  @ApiProperty(UUID_SCHEMA) locationId: string;
  @ApiProperty({ example: '10 credits' }) name: string;
  @ApiProperty({ example: '10.00' }) credits: string;
  @ApiProperty({ type: MoneyView }) price: MoneyView;
  @ApiProperty({ enum: creditOptionStatuses }) status: CreditOptionStatus;
}

/** An option as the caller would buy it: `price` after their plan's credit-option discount. */
export class CreditOptionOfferView {
  @ApiProperty(UUID_SCHEMA) id: string;
  @ApiProperty(UUID_SCHEMA) locationId: string;
  @ApiProperty({ example: '10 credits' }) name: string;
  @ApiProperty({ example: '10.00' }) credits: string;
  @ApiProperty({ type: MoneyView, description: 'the option’s price before any discount' }) listPrice: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'what the caller pays: the list price less the plan discount, the discount rounded half up to a minor unit' })
  price: MoneyView;
  @ApiProperty({ example: 10, description: 'the plan’s credit-option discount applied, 0-100' }) discountPercent: number;
  @ApiProperty({ enum: creditOptionStatuses }) status: CreditOptionStatus;
}

export class CreditOptionsQuery {
  @ApiPropertyOptional({ enum: creditOptionStatuses, description: 'default "active"; "archived" is for location admins' })
  @IsOptional()
  @IsIn([...creditOptionStatuses], { message: 'status must be "active" or "archived"' })
  status?: CreditOptionStatus;

  @ApiPropertyOptional({ minLength: 1, maxLength: 255, description: 'price the options as bought for this company’s wallet (its plan’s discount)' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  companyId?: string;
}

export class WalletRefDto {
  @ApiProperty({ enum: walletOwnerTypes })
  @IsIn([...walletOwnerTypes], { message: 'ownerType must be "user" or "company"' })
  ownerType: 'user' | 'company';

  @ApiProperty({ minLength: 1, maxLength: 255, example: 'bob', description: 'your own user id, or the id of a company you may buy for' })
  @IsString()
  @Length(1, 255)
  ownerId: string;
}

export class CreateCreditPurchaseRequest {
  @ApiProperty({ ...UUID_SCHEMA, description: 'an active credit option of the location' })
  @IsString()
  @Length(1, 200)
  optionId: string;

  @ApiProperty({ type: WalletRefDto, description: 'where the credits go: your own wallet, or a company’s (its managers, and members allowed the corporate card)' })
  @IsObject({ message: 'wallet must be an object { ownerType, ownerId }' })
  @ValidateNested()
  @Type(() => WalletRefDto)
  wallet: WalletRefDto;

  @ApiProperty({ enum: purchasePaymentMethods, description: 'card: Stripe; bill: a line on the open bill (plans with bill payment); free: a price of 0' })
  @IsIn([...purchasePaymentMethods], { message: 'paymentMethod must be "card", "bill" or "free"' })
  paymentMethod: PurchasePaymentMethod;
}

export class WalletRefView {
  @ApiProperty({ enum: walletOwnerTypes }) ownerType: 'user' | 'company';
  @ApiProperty({ example: 'auth0|64f1c2' }) ownerId: string;
}

export class CardPaymentView {
  @ApiProperty({ example: 'pi_3Q…' }) paymentIntentId: string;
  @ApiProperty({ example: 'pi_3Q…_secret_…', description: 'for Stripe.js, to confirm the card payment; given to the buyer only' }) clientSecret: string;
}

export class CreditPurchaseResponse {
  @ApiProperty(UUID_SCHEMA) id: string;
  @ApiProperty(UUID_SCHEMA) locationId: string;
  @ApiProperty({ enum: creditPurchaseStatuses, description: 'bill and free complete at once; card when Stripe says the payment succeeded' })
  status: CreditPurchaseStatus;
  @ApiProperty(UUID_SCHEMA) optionId: string;
  @ApiProperty({ example: '10 credits', description: 'the option’s name when bought' }) optionName: string;
  @ApiProperty({ example: '10.00' }) credits: string;
  @ApiProperty({ type: MoneyView }) listPrice: MoneyView;
  @ApiProperty({ type: MoneyView, description: 'what was charged, after the plan discount' }) price: MoneyView;
  @ApiProperty({ enum: purchasePaymentMethods }) paymentMethod: PurchasePaymentMethod;
  @ApiProperty({ type: WalletRefView }) wallet: WalletRefView;
  @ApiProperty({ example: 'auth0|64f1c2', description: 'the user who bought' }) buyerId: string;
  @ApiProperty({ type: CardPaymentView, required: false, description: 'card purchases, to the buyer, while the payment is awaited' })
  payment?: CardPaymentView;
  @ApiProperty({ ...UUID_SCHEMA, nullable: true, description: 'bill purchases: the bill the line was added to' }) billId: string | null;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'failed card purchases: why' }) failureReason: string | null;
  @ApiProperty(INSTANT) createdAt: string;
  @ApiProperty({ ...INSTANT, nullable: true }) completedAt: string | null;
}

/** Filters: purchases made by a user (`userId`), or into a company's wallet (`companyId`). */
export class CreditPurchasesQuery {
  @ApiPropertyOptional({ minLength: 1, maxLength: 255, description: 'purchases this user made (default for members: their own)' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  userId?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 255, description: 'purchases into this company’s wallet (its managers, admins)' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  companyId?: string;
}

export class BillLineView {
  @ApiProperty(UUID_SCHEMA) id: string;
  @ApiProperty(UUID_SCHEMA) purchaseId: string;
  @ApiProperty({ example: '10 credits (10.00 credits)' }) description: string;
  @ApiProperty({ type: MoneyView }) amount: MoneyView;
  @ApiProperty(INSTANT) createdAt: string;
}

export class BillResponse {
  @ApiProperty(UUID_SCHEMA) id: string;
  @ApiProperty(UUID_SCHEMA) locationId: string;
  @ApiProperty({ type: WalletRefView, description: 'who is billed: a member, or a company' }) holder: WalletRefView;
  @ApiProperty({ enum: ['open', 'closed'] }) status: 'open' | 'closed';
  @ApiProperty({ type: MoneyView, description: 'sum of the lines' }) total: MoneyView;
  @ApiProperty(INSTANT) openedAt: string;
  @ApiProperty({ type: [BillLineView] }) lines: BillLineView[];
}

/** Filters: a member's bills (`userId`), or a company's (`companyId`). */
export class BillsQuery extends CreditPurchasesQuery {}
