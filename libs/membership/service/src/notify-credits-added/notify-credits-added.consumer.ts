import { Sources, Topics, notificationKey, validateEventData, type EventEnvelope } from '@credits/contracts';
import { timeOrderedUuid } from '@credits/event-store';
import { Inbox, Outbox, type MessageBus, type Subscription } from '@credits/messaging';
import type { JsonLogger } from '@credits/platform/core';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { MEMBERSHIP_SCHEMA } from '../shared/membership.tokens';
import { creditsAddedBy, recipientsOf, type CreditsAdded } from './credits-added.notification';
import { appendNotification, companyManagers } from './notification.store';

export const NOTIFY_CREDITS_ADDED_CONSUMER = 'membership.notify-credits-added';

/**
 * Credits granted to a wallet (the ledger's CreditsGranted) become a notification for each person
 * to tell (R14): stored per recipient and announced as NotificationRequested on membership's topic,
 * in the transaction that records the message in the inbox, so a redelivery tells nobody twice.
 */
export class NotifyCreditsAddedConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly inbox: Inbox;
  private readonly outbox = new Outbox(MEMBERSHIP_SCHEMA);
  private subscription: Subscription | null = null;

  constructor(private readonly pool: Pool, private readonly bus: MessageBus, private readonly logger: JsonLogger) {
    this.inbox = new Inbox(pool, MEMBERSHIP_SCHEMA, NOTIFY_CREDITS_ADDED_CONSUMER);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Every ledger event comes by; only grants are read.
    this.subscription = await this.bus.subscribe({ groupId: NOTIFY_CREDITS_ADDED_CONSUMER, topics: [Topics.ledger], types: ['CreditsGranted'], handler: (envelope) => this.handle(envelope) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  private async handle(envelope: EventEnvelope): Promise<void> {
    const errors = validateEventData(envelope.type, envelope.version, envelope.data);
    const granted = errors.length === 0 ? creditsAddedBy(envelope) : null;
    if (!granted) {
      this.logger.write('error', 'invalid event skipped', { consumer: NOTIFY_CREDITS_ADDED_CONSUMER, eventId: envelope.id, type: envelope.type, errors });
      return;
    }
    await this.inbox.handleOnce(envelope, async (client) => {
      const { owner, content } = granted;
      const managers = owner.ownerType === 'company' ? await companyManagers(client, owner.locationId, owner.ownerId) : [];
      const envelopes: EventEnvelope[] = [];
      for (const recipientId of recipientsOf(owner, managers)) {
        envelopes.push(await this.notify(client, recipientId, content, envelope));
      }
      await this.outbox.enqueue(client, Topics.membership, envelopes);
    });
  }

  private async notify(client: PoolClient, recipientId: string, content: CreditsAdded, cause: EventEnvelope): Promise<EventEnvelope> {
    const id = timeOrderedUuid();
    const notification = await appendNotification(client, recipientId, content, id);
    return {
      id,
      source: Sources.membership,
      type: 'NotificationRequested',
      version: 1,
      time: cause.time,
      key: notificationKey(recipientId),
      correlationId: cause.correlationId,
      causationId: cause.id,
      data: notification,
    };
  }
}
