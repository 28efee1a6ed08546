import type { DomainEvent, EventSchemaEntry } from '../event';
import { grantSources, type GrantSource } from '../ledger/ledger.events';
import type { WalletOwnerType } from '../ledger/wallet-id.value';

/**
 * Notifications (R14): membership knows who must be told about a change of a wallet (its owner, or
 * the company's managers) and asks for it with one NotificationRequested per recipient, which the
 * gateway pushes to the recipient's open streams and a mobile push sender may deliver.
 */
export const notificationKinds = ['credits-added'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface CreditsAddedNotification {
  /** the recipient's user id */
  readonly recipientId: string;
  /** 1, 2, 3, ... per recipient, in commit order: the SSE event id, and where a stream resumes (Last-Event-ID) */
  readonly sequence: number;
  readonly kind: 'credits-added';
  readonly locationId: string;
  readonly wallet: { readonly ownerType: WalletOwnerType; readonly ownerId: string };
  /** credits in integer hundredths ("12.50" = 1250) */
  readonly amount: number;
  readonly source: GrantSource;
  /** the credit purchase that bought them (source `purchase`), else null */
  readonly purchaseId: string | null;
  /** when the credits were granted (ISO-8601 UTC) */
  readonly occurredAt: string;
}

export type NotificationRequested = DomainEvent<'NotificationRequested', CreditsAddedNotification, 1>;

/** The most notifications one page of membership's internal API answers (and the default). */
export const NOTIFICATIONS_PAGE_LIMIT = 100;

/** The message key of a recipient's notifications: one partition per recipient keeps them in order. */
export function notificationKey(recipientId: string): string {
  return `notifications:${recipientId}`;
}

const id = { type: 'string', minLength: 1 } as const;

export const notificationEventSchemas: EventSchemaEntry[] = [
  {
    type: 'NotificationRequested',
    version: 1,
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'NotificationRequested v1',
      description:
        'Tell one user something (kind credits-added: credits landed in their wallet or in a wallet of a company they manage). ' +
        'Keyed by notifications:<recipientId>; `sequence` orders a recipient\'s notifications without gaps.',
      type: 'object',
      additionalProperties: true,
      required: ['recipientId', 'sequence', 'kind', 'locationId', 'wallet', 'amount', 'source', 'purchaseId', 'occurredAt'],
      properties: {
        recipientId: id,
        sequence: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
        kind: { enum: [...notificationKinds] },
        locationId: id,
        wallet: {
          type: 'object',
          additionalProperties: true,
          required: ['ownerType', 'ownerId'],
          properties: { ownerType: { enum: ['user', 'company'] }, ownerId: id },
        },
        amount: { description: 'credits in integer hundredths ("12.50" = 1250)', type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
        source: { enum: [...grantSources] },
        purchaseId: { anyOf: [id, { type: 'null' }] },
        occurredAt: { type: 'string', format: 'date-time' },
      },
    },
  },
];
