import { NOTIFICATIONS_PAGE_LIMIT, type CreditsAddedNotification } from '@credits/contracts';
import type { Response } from 'express';
import { once } from 'node:events';
import { HEARTBEAT_FRAME, notificationFrame } from './notification-frames';

/** A recipient's notifications after a sequence, one bounded page (membership's internal API). */
export type MissedNotifications = (recipientId: string, after: number) => Promise<readonly CreditsAddedNotification[]>;

export interface StreamLimits {
  /** a client whose unsent bytes pass this is dropped; it resumes with Last-Event-ID */
  readonly maxBufferedBytes: number;
  /** live notifications held while catching up; more means catching up again from the store */
  readonly maxQueued: number;
}

/**
 * One open `GET /v1/me/notifications`. Sends each of the user's notifications once, in sequence
 * order and without gaps: sequences are dense per user, so a live notification past the next
 * expected one means some were missed (lag, another partition, a reconnect) and the stream first
 * catches up from the store. Live notifications arriving meanwhile wait, then go out unless the
 * catch-up already sent them.
 */
export class NotificationStream {
  private lastSent: number | null;
  private catchingUp = false;
  private queued: CreditsAddedNotification[] = [];
  private overflowed = false;
  private closed = false;
  /** headers sent: until then nothing may be written (a heartbeat would send default headers first) */
  private opened = false;

  constructor(
    readonly userId: string,
    private readonly res: Response,
    lastEventId: number | null,
    private readonly missed: MissedNotifications,
    private readonly limits: StreamLimits,
    private readonly onError: (error: unknown) => void,
  ) {
    this.lastSent = lastEventId;
    res.on('close', () => {
      this.closed = true;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Reads the first page of what a reconnecting client missed before answering, so an unreachable
   * membership is a 503 problem, not a stream that ends at once; then opens the stream and sends it.
   */
  async open(): Promise<void> {
    this.catchingUp = true;
    try {
      const first = this.lastSent === null ? [] : await this.missed(this.userId, this.lastSent);
      this.res.status(200).set({
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        'X-Accel-Buffering': 'no',
      });
      this.res.flushHeaders();
      this.opened = true;
      this.res.write(': connected\n\n');
      void this.catchUp(first);
    } catch (error) {
      this.catchingUp = false;
      throw error;
    }
  }

  offer(notification: CreditsAddedNotification): void {
    if (this.closed) return;
    if (!this.catchingUp) return this.deliver(notification);
    if (this.queued.length < this.limits.maxQueued) this.queued.push(notification);
    else this.overflowed = true;
  }

  heartbeat(): void {
    this.write(HEARTBEAT_FRAME);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.res.end();
  }

  private deliver(notification: CreditsAddedNotification): void {
    const place = this.placeOf(notification);
    if (place === 'next') return this.send(notification);
    if (place === 'gap') {
      // The store has everything up to this one: catch up from it.
      this.catchingUp = true;
      void this.catchUp(null);
    }
  }

  /** Sent already, the next one to send (any, before the first), or past a gap. */
  private placeOf(notification: CreditsAddedNotification): 'sent' | 'next' | 'gap' {
    if (this.lastSent === null || notification.sequence === this.lastSent + 1) return 'next';
    return notification.sequence <= this.lastSent ? 'sent' : 'gap';
  }

  private async catchUp(first: readonly CreditsAddedNotification[] | null): Promise<void> {
    try {
      let page = first;
      while (!this.closed) {
        page ??= this.lastSent === null ? [] : await this.missed(this.userId, this.lastSent);
        for (const notification of page) if (this.placeOf(notification) !== 'sent') this.send(notification);
        if (this.res.writableNeedDrain && !this.closed) await Promise.race([once(this.res, 'drain'), once(this.res, 'close')]);
        if (page.length === NOTIFICATIONS_PAGE_LIMIT || this.overflowed) {
          this.overflowed = false;
          page = null;
          continue;
        }
        // Held live ones go out in order; one past the next expected means reading the store again.
        const held = this.queued.sort((a, b) => a.sequence - b.sequence);
        this.queued = [];
        let gap = false;
        for (const notification of held) {
          const place = this.placeOf(notification);
          if (place === 'next') this.send(notification);
          gap = place === 'gap';
          if (gap) break;
        }
        if (!gap) return;
        page = null;
      }
    } catch (error) {
      this.onError(error);
      this.close();
    } finally {
      this.catchingUp = false;
    }
  }

  private send(notification: CreditsAddedNotification): void {
    if (this.write(notificationFrame(notification))) this.lastSent = notification.sequence;
  }

  /** Bounded buffer: a client that does not read is dropped rather than held in memory. */
  private write(frame: string): boolean {
    if (this.closed || !this.opened) return false;
    if (this.res.writableLength > this.limits.maxBufferedBytes) {
      this.close();
      return false;
    }
    this.res.write(frame);
    return true;
  }
}
