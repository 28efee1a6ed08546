import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { actorTypes, type Actor } from '../event';
import {
  deductionKinds,
  grantSources,
  lotKinds,
  resourceTypes,
  type DeductionKind,
  type GrantSource,
  type LedgerEventType,
  type LotKind,
  type ResourceType,
} from '../ledger/ledger.events';
import type { WalletOwnerType } from '../ledger/wallet-id.value';
import { MoneyView } from './ledger-internal-http';
import { UUID_SCHEMA } from './api-routes';

/**
 * A wallet's history as the public API shows it: the ledger events, with every credit amount as a
 * decimal string (R3, DESIGN section 6); integer hundredths stay inside the services and on Kafka.
 */

const CREDITS = { type: String, example: '12.50', pattern: '^\\d+\\.\\d{2}$', description: 'credits as a decimal string' } as const;
const INSTANT = { type: String, format: 'date-time', example: '2026-12-01T09:30:00.000Z' } as const;
const NULLABLE_INSTANT = { ...INSTANT, nullable: true } as const;
const NULLABLE_ID = { type: String, nullable: true, example: null } as const;

export class LotAmountView {
  @ApiProperty({ example: 'lot-6f0d2c' }) lotId: string;
  @ApiProperty({ ...CREDITS, description: 'credits of this lot the event touched' }) amount: string;
}

export class LotReturnView extends LotAmountView {
  @ApiProperty({ ...CREDITS, description: 'part of amount that expired at once: the lot had expired meanwhile' }) expiredAmount: string;
}

export class ActorView {
  @ApiProperty({ enum: actorTypes }) type: Actor['type'];
  @ApiProperty({ example: 'auth0|64f1c2' }) id: string;
}

export class SpendPurposeView {
  @ApiProperty({ enum: resourceTypes }) resourceType: ResourceType;
  @ApiProperty({ example: 'booking-42', description: 'the booking, check-in, ticket or order in the owning service' }) reference: string;
}

export class WalletOwnerView {
  @ApiProperty({ example: '0b6f3c52-8d1e-4c4f-9a57-5e2f0f8f6a11' }) locationId: string;
  @ApiProperty({ enum: ['user', 'company'] }) ownerType: WalletOwnerType;
  @ApiProperty({ example: 'auth0|64f1c2' }) ownerId: string;
}

/** What every event's data carries (R18: who, why, when). */
abstract class EntryDataView {
  @ApiProperty({ example: 'wallet-0b6f3c52' }) walletId: string;
  @ApiProperty(INSTANT) occurredAt: string;
  @ApiProperty({ type: ActorView }) actor: ActorView;
  @ApiProperty({ example: 'Welcome gift' }) reason: string;
}

export class MoneyRefundView {
  @ApiProperty(UUID_SCHEMA) refundId: string;
  @ApiProperty(UUID_SCHEMA) paymentId: string;
}

export class CreditsGrantedDataView extends EntryDataView {
  @ApiProperty({ type: [LotAmountView] }) lots: LotAmountView[];
  @ApiProperty({ example: 'lot-6f0d2c' }) lotId: string;
  @ApiProperty(CREDITS) amount: string;
  @ApiProperty({ enum: lotKinds }) kind: LotKind;
  @ApiProperty({ ...NULLABLE_INSTANT, description: 'null for permanent credits' }) expiresAt: string | null;
  @ApiProperty({ enum: grantSources }) source: GrantSource;
  @ApiProperty(NULLABLE_ID) planPeriodId: string | null;
  @ApiProperty({ type: MoneyView, nullable: true, description: 'what one credit cost when bought (source purchase), else null' }) unitPrice: MoneyView | null;
  @ApiProperty({ ...NULLABLE_ID, description: 'the credit purchase that bought these credits (source purchase), else null' }) purchaseId: string | null;
  @ApiProperty({ type: MoneyRefundView, nullable: true, description: 'the refund of a money payment these credits settle instead of money (source refund), else null' }) moneyRefund: MoneyRefundView | null;
}

export class CreditsDeductedDataView extends EntryDataView {
  @ApiProperty({ type: [LotAmountView] }) lots: LotAmountView[];
  @ApiProperty({ example: '5d1c0f7e-2b8a-4c51-9a3e-0f6e1b2c3d4e' }) deductionId: string;
  @ApiProperty({ enum: deductionKinds, description: 'the kind of credits the admin asked to deduct' }) kind: DeductionKind;
  @ApiProperty(CREDITS) amount: string;
}

export class CreditsSpentDataView extends EntryDataView {
  @ApiProperty({ type: [LotAmountView] }) lots: LotAmountView[];
  @ApiProperty({ example: 'booking-42:spend' }) spendId: string;
  @ApiProperty(CREDITS) amount: string;
  @ApiProperty({ type: SpendPurposeView }) purpose: SpendPurposeView;
}

export class CreditsHeldDataView extends EntryDataView {
  @ApiProperty({ type: [LotAmountView] }) lots: LotAmountView[];
  @ApiProperty({ example: 'booking-42:hold' }) holdId: string;
  @ApiProperty(CREDITS) amount: string;
  @ApiProperty({ ...INSTANT, description: 'after this instant the hold can no longer be captured and is released' }) expiresAt: string;
  @ApiProperty({ type: SpendPurposeView }) purpose: SpendPurposeView;
}

export class CreditsHoldCapturedDataView extends EntryDataView {
  @ApiProperty({ type: [LotAmountView], description: 'the captured (spent) credits per lot' }) lots: LotAmountView[];
  @ApiProperty({ example: 'booking-42:hold' }) holdId: string;
  @ApiProperty(CREDITS) amount: string;
  @ApiProperty({ type: SpendPurposeView }) purpose: SpendPurposeView;
  @ApiProperty({ ...CREDITS, description: 'held beyond amount, released' }) releasedAmount: string;
  @ApiProperty({ ...CREDITS, description: 'part of releasedAmount that expired at once' }) expiredAmount: string;
  @ApiProperty({ type: [LotReturnView] }) releasedLots: LotReturnView[];
}

export class CreditsHoldReleasedDataView extends EntryDataView {
  @ApiProperty({ type: [LotReturnView] }) lots: LotReturnView[];
  @ApiProperty({ example: 'booking-42:hold' }) holdId: string;
  @ApiProperty(CREDITS) amount: string;
  @ApiProperty({ ...CREDITS, description: 'part of amount that expired at once' }) expiredAmount: string;
  @ApiProperty({ description: 'true when released because the hold expired, false when released on request' }) timedOut: boolean;
}

export class CreditsRefundedDataView extends EntryDataView {
  @ApiProperty({ type: [LotReturnView] }) lots: LotReturnView[];
  @ApiProperty({ example: 'booking-42:refund' }) refundId: string;
  @ApiProperty({ ...NULLABLE_ID, description: 'the refunded spend (or null when a captured hold is refunded)' }) spendId: string | null;
  @ApiProperty({ ...NULLABLE_ID, description: 'the refunded captured hold (or null when a spend is refunded)' }) holdId: string | null;
  @ApiProperty(CREDITS) amount: string;
  @ApiProperty({ ...CREDITS, description: 'part of amount that expired at once' }) expiredAmount: string;
}

export class CreditsExpiredDataView extends EntryDataView {
  @ApiProperty({ type: [LotAmountView], description: 'what remained of each lot (may be 0.00)' }) lots: LotAmountView[];
  @ApiProperty(CREDITS) amount: string;
  @ApiProperty({ ...NULLABLE_ID, description: 'the plan period that ended, or null when lots reached their expiresAt' }) planPeriodId: string | null;
}

export class CreditsExpiringSoonDataView extends EntryDataView {
  @ApiProperty({ type: [LotAmountView] }) lots: LotAmountView[];
  @ApiProperty({ type: WalletOwnerView }) owner: WalletOwnerView;
  @ApiProperty({ ...CREDITS, description: 'credits of the listed lots still unused when the notice was given' }) amount: string;
  @ApiProperty({ ...INSTANT, description: 'the soonest expiry among the listed lots' }) expiresAt: string;
  @ApiProperty(NULLABLE_ID) planPeriodId: string | null;
}

/** One history entry; `type` says which `data` it carries. */
abstract class LedgerEntryBase {
  @ApiProperty({ example: '5d1c0f7e-2b8a-4c51-9a3e-0f6e1b2c3d4e' }) eventId: string;
  @ApiProperty({ ...CREDITS, example: '-5.00', pattern: '^-?\\d+\\.\\d{2}$', description: 'signed change of the spendable balance' }) amount: string;
  @ApiProperty(INSTANT) occurredAt: string;
  @ApiProperty({ example: 'Welcome gift' }) reason: string;
  @ApiProperty({ example: 'user:alice', description: 'who caused it: "<user|operator|system>:<id>"' }) actor: string;
}

export class CreditsGrantedEntry extends LedgerEntryBase {
  @ApiProperty({ enum: ['CreditsGranted'] }) type: 'CreditsGranted';
  @ApiProperty({ type: CreditsGrantedDataView }) data: CreditsGrantedDataView;
}

export class CreditsDeductedEntry extends LedgerEntryBase {
  @ApiProperty({ enum: ['CreditsDeducted'] }) type: 'CreditsDeducted';
  @ApiProperty({ type: CreditsDeductedDataView }) data: CreditsDeductedDataView;
}

export class CreditsSpentEntry extends LedgerEntryBase {
  @ApiProperty({ enum: ['CreditsSpent'] }) type: 'CreditsSpent';
  @ApiProperty({ type: CreditsSpentDataView }) data: CreditsSpentDataView;
}

export class CreditsHeldEntry extends LedgerEntryBase {
  @ApiProperty({ enum: ['CreditsHeld'] }) type: 'CreditsHeld';
  @ApiProperty({ type: CreditsHeldDataView }) data: CreditsHeldDataView;
}

export class CreditsHoldCapturedEntry extends LedgerEntryBase {
  @ApiProperty({ enum: ['CreditsHoldCaptured'] }) type: 'CreditsHoldCaptured';
  @ApiProperty({ type: CreditsHoldCapturedDataView }) data: CreditsHoldCapturedDataView;
}

export class CreditsHoldReleasedEntry extends LedgerEntryBase {
  @ApiProperty({ enum: ['CreditsHoldReleased'] }) type: 'CreditsHoldReleased';
  @ApiProperty({ type: CreditsHoldReleasedDataView }) data: CreditsHoldReleasedDataView;
}

export class CreditsRefundedEntry extends LedgerEntryBase {
  @ApiProperty({ enum: ['CreditsRefunded'] }) type: 'CreditsRefunded';
  @ApiProperty({ type: CreditsRefundedDataView }) data: CreditsRefundedDataView;
}

export class CreditsExpiredEntry extends LedgerEntryBase {
  @ApiProperty({ enum: ['CreditsExpired'] }) type: 'CreditsExpired';
  @ApiProperty({ type: CreditsExpiredDataView }) data: CreditsExpiredDataView;
}

export class CreditsExpiringSoonEntry extends LedgerEntryBase {
  @ApiProperty({ enum: ['CreditsExpiringSoon'] }) type: 'CreditsExpiringSoon';
  @ApiProperty({ type: CreditsExpiringSoonDataView }) data: CreditsExpiringSoonDataView;
}

export type LedgerEntryView =
  | CreditsGrantedEntry
  | CreditsDeductedEntry
  | CreditsSpentEntry
  | CreditsHeldEntry
  | CreditsHoldCapturedEntry
  | CreditsHoldReleasedEntry
  | CreditsRefundedEntry
  | CreditsExpiredEntry
  | CreditsExpiringSoonEntry;

/** Every entry class by its `type`; the compiler checks that each ledger event type has one. */
const entryViews: { readonly [T in LedgerEventType]: new () => Extract<LedgerEntryView, { type: T }> } = {
  CreditsGranted: CreditsGrantedEntry,
  CreditsDeducted: CreditsDeductedEntry,
  CreditsSpent: CreditsSpentEntry,
  CreditsHeld: CreditsHeldEntry,
  CreditsHoldCaptured: CreditsHoldCapturedEntry,
  CreditsHoldReleased: CreditsHoldReleasedEntry,
  CreditsRefunded: CreditsRefundedEntry,
  CreditsExpired: CreditsExpiredEntry,
  CreditsExpiringSoon: CreditsExpiringSoonEntry,
};

@ApiExtraModels(...Object.values(entryViews))
export class TransactionsPage {
  @ApiProperty({
    type: 'array',
    description: 'newest first',
    items: {
      oneOf: Object.values(entryViews).map((view) => ({ $ref: getSchemaPath(view) })),
      discriminator: { propertyName: 'type', mapping: Object.fromEntries(Object.entries(entryViews).map(([type, view]) => [type, getSchemaPath(view)])) },
    },
  })
  items: LedgerEntryView[];

  @ApiProperty({ type: String, nullable: true, example: 'MTI', description: 'pass as cursor for the next (older) page; null on the last page' }) nextCursor: string | null;
}
