import { Topics, validateEventData, type CreditsAddedNotification, type EventEnvelope } from '@credits/contracts';
import type { MessageBus, Subscription } from '@credits/messaging';
import { ProblemException, type JsonLogger } from '@credits/platform/core';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { NotificationStream, type MissedNotifications, type StreamLimits } from './notification-stream';

export interface NotificationOptions {
  /** where NotificationRequested arrives (Kafka, or the in-process bus in embedded mode) */
  readonly bus: MessageBus;
  readonly logger: JsonLogger;
  /** a comment line this often keeps idle streams open through proxies (default 15 s) */
  readonly heartbeatMs?: number;
  /** unsent bytes after which a slow client is dropped (default 64 KiB) */
  readonly maxBufferedBytes?: number;
  /** open streams one user may hold on this instance (default 8): each costs a connection and memory */
  readonly maxStreamsPerUser?: number;
}

export const DEFAULT_HEARTBEAT_MS = 15_000;
export const DEFAULT_MAX_STREAMS_PER_USER = 8;
const DEFAULT_LIMITS: StreamLimits = { maxBufferedBytes: 64 * 1024, maxQueued: 1000 };

/**
 * The gateway instance's open notification streams. Every instance gets every notification (a
 * consumer group of its own, from the latest offset, committing nothing) and hands each to the
 * recipient's streams on this instance; the others ignore it.
 */
export class NotificationHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly streams = new Map<string, Set<NotificationStream>>();
  private readonly limits: StreamLimits;
  private subscription: Subscription | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly options: NotificationOptions, private readonly missed: MissedNotifications) {
    this.limits = { ...DEFAULT_LIMITS, maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_LIMITS.maxBufferedBytes };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.options.bus.subscribe({
      groupId: `api-gateway.notifications.${randomUUID()}`,
      topics: [Topics.membership],
      startAt: 'latest',
      types: ['NotificationRequested'],
      handler: async (envelope) => this.dispatch(envelope),
    });
    this.heartbeat = setInterval(() => this.each((stream) => stream.heartbeat()), this.options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Before the HTTP server closes: it waits for open connections, and streams never end by themselves. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.subscription?.stop();
    this.each((stream) => stream.close());
    this.streams.clear();
  }

  /**
   * Opens a stream for the user (replaying what they missed after `lastEventId`); rejects when
   * membership cannot be asked, or (429) when the user holds `maxStreamsPerUser` streams already.
   * It ends when the token it was opened with expires: a stream is authorized once, so it lives no
   * longer than that authorization (the client reconnects).
   */
  async open(userId: string, res: Response, lastEventId: number | null, tokenExpiresAtMs: number): Promise<void> {
    const limit = this.options.maxStreamsPerUser ?? DEFAULT_MAX_STREAMS_PER_USER;
    if ((this.streams.get(userId)?.size ?? 0) >= limit) {
      throw new ProblemException(429, 'too-many-streams', 'Too many notification streams', `you have ${limit} notification streams open already: close one first`);
    }
    const stream = new NotificationStream(userId, res, lastEventId, this.missed, this.limits, (error) =>
      this.options.logger.write('warn', 'notification stream closed: catching up failed', { error: String(error) }),
    );
    // Registered before the store is read, so nothing committed meanwhile falls between the two.
    const streams = this.streams.get(userId) ?? new Set();
    streams.add(stream);
    this.streams.set(userId, streams);
    const forget = () => {
      streams.delete(stream);
      if (streams.size === 0 && this.streams.get(userId) === streams) this.streams.delete(userId);
    };
    // setTimeout takes at most 2^31-1 ms; tokens live a day by default (JWT_MAX_TTL).
    const expiry = setTimeout(() => stream.close(), Math.min(Math.max(0, tokenExpiresAtMs - Date.now()), 2 ** 31 - 1));
    expiry.unref();
    res.on('close', () => {
      clearTimeout(expiry);
      forget();
    });
    try {
      await stream.open();
    } catch (error) {
      clearTimeout(expiry);
      forget();
      throw error;
    }
  }

  private dispatch(envelope: EventEnvelope): void {
    const errors = validateEventData(envelope.type, envelope.version, envelope.data);
    if (errors.length > 0) {
      this.options.logger.write('error', 'invalid event skipped', { consumer: 'api-gateway.notifications', eventId: envelope.id, errors });
      return;
    }
    const notification = envelope.data as CreditsAddedNotification;
    for (const stream of this.streams.get(notification.recipientId) ?? []) stream.offer(notification);
  }

  private each(act: (stream: NotificationStream) => void): void {
    for (const streams of this.streams.values()) for (const stream of streams) act(stream);
  }
}
