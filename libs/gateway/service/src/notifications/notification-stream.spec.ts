import type { CreditsAddedNotification } from '@credits/contracts';
import type { Response } from 'express';
import { EventEmitter } from 'node:events';
import { NotificationStream } from './notification-stream';

/** The part of an HTTP response a stream uses, recording what it was sent. */
class RecordingResponse extends EventEmitter {
  readonly frames: string[] = [];
  statusCode = 0;
  ended = false;
  headersSent = false;
  writableLength = 0;
  writableNeedDrain = false;
  status(code: number): this {
    this.refuseSentHeaders();
    this.statusCode = code;
    return this;
  }
  set(): this {
    this.refuseSentHeaders();
    return this;
  }
  flushHeaders(): void {
    this.headersSent = true;
  }
  write(frame: string): boolean {
    // as node:http does, the first write sends the headers as they stand
    this.headersSent = true;
    this.frames.push(frame);
    return true;
  }
  end(): void {
    this.ended = true;
  }
  private refuseSentHeaders(): void {
    if (this.headersSent) throw new Error('Cannot set headers after they are sent to the client');
  }
  /** the ids of the events sent, in order */
  get ids(): number[] {
    return this.frames.filter((frame) => frame.startsWith('id: ')).map((frame) => Number(/^id: (\d+)/.exec(frame)![1]));
  }
}

const notification = (sequence: number): CreditsAddedNotification => ({
  recipientId: 'bob',
  sequence,
  kind: 'credits-added',
  locationId: 'loc',
  wallet: { ownerType: 'user', ownerId: 'bob' },
  amount: 100,
  source: 'admin',
  purchaseId: null,
  occurredAt: '2026-12-05T10:00:00.000Z',
});

/** A store of `count` notifications answering pages of at most `pageSize`, each answer released by the test. */
function store(count: number) {
  const reads: Array<{ after: number; release: () => void }> = [];
  const read = (_user: string, after: number) =>
    new Promise<CreditsAddedNotification[]>((resolve) => {
      reads.push({ after, release: () => resolve(Array.from({ length: Math.max(0, Math.min(count - after, 100)) }, (_, i) => notification(after + i + 1))) });
    });
  return { reads, read, grow: (n: number) => (count = n) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const limits = { maxBufferedBytes: 1024, maxQueued: 10 };

describe('a notification stream', () => {
  it('replays what a reconnecting client missed, then the live ones, each once, across the handover', async () => {
    const missed = store(5);
    const res = new RecordingResponse();
    const stream = new NotificationStream('bob', res as unknown as Response, 2, missed.read, limits, () => undefined);
    const opening = stream.open();
    await settle();
    // Committed and published while the store is being read: 5 is in the page as well, 6 is not.
    stream.offer(notification(5));
    missed.grow(6);
    stream.offer(notification(6));
    missed.reads[0].release();
    await opening;
    await settle();
    stream.offer(notification(6));
    stream.offer(notification(7));
    expect(missed.reads.map((r) => r.after)).toEqual([2]);
    expect(res.statusCode).toBe(200);
    expect(res.ids).toEqual([3, 4, 5, 6, 7]);
  });

  it('catches up from the store when a live one arrives past a gap', async () => {
    const missed = store(3);
    const res = new RecordingResponse();
    const stream = new NotificationStream('bob', res as unknown as Response, null, missed.read, limits, () => undefined);
    await stream.open();
    await settle();
    stream.offer(notification(1));
    stream.offer(notification(3)); // 2 went to another partition, or was lagging
    stream.offer(notification(2));
    await settle();
    missed.reads[0].release();
    await settle();
    stream.offer(notification(4));
    expect(missed.reads.map((r) => r.after)).toEqual([1]);
    expect(res.ids).toEqual([1, 2, 3, 4]);
  });

  it('reads every page of a long absence', async () => {
    const missed = store(250);
    const res = new RecordingResponse();
    const stream = new NotificationStream('bob', res as unknown as Response, 0, missed.read, limits, () => undefined);
    const opening = stream.open();
    for (let page = 0; page < 3; page++) {
      await settle();
      missed.reads[page].release();
    }
    await opening;
    await settle();
    expect(missed.reads.map((r) => r.after)).toEqual([0, 100, 200]);
    expect(res.ids).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it('fails to open when the store cannot be read, before anything is sent', async () => {
    const res = new RecordingResponse();
    const stream = new NotificationStream('bob', res as unknown as Response, 4, () => Promise.reject(new Error('membership down')), limits, () => undefined);
    await expect(stream.open()).rejects.toThrow('membership down');
    expect(res.statusCode).toBe(0);
    expect(res.frames).toEqual([]);
  });

  it('sends no heartbeat before its headers: a reconnect whose missed page is still being read opens as a stream', async () => {
    const missed = store(3);
    const res = new RecordingResponse();
    const stream = new NotificationStream('bob', res as unknown as Response, 1, missed.read, limits, () => undefined);
    const opening = stream.open();
    await settle();
    // the hub's heartbeat reaches every registered stream, this one included
    stream.heartbeat();
    expect(res.headersSent).toBe(false);
    missed.reads[0].release();
    await opening;
    expect(res.statusCode).toBe(200);
    expect(res.frames[0]).toBe(': connected\n\n');
    expect(res.ids).toEqual([2, 3]);
  });

  it('drops a client that does not read instead of buffering for it', async () => {
    const res = new RecordingResponse();
    const stream = new NotificationStream('bob', res as unknown as Response, null, store(0).read, limits, () => undefined);
    await stream.open();
    await settle();
    stream.offer(notification(1));
    res.writableLength = 2048;
    stream.offer(notification(2));
    stream.heartbeat();
    expect(res.ids).toEqual([1]);
    expect(res.ended).toBe(true);
    expect(stream.isClosed).toBe(true);
  });
});
