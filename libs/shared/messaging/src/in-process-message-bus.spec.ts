import type { EventEnvelope } from '@credits/contracts';
import { InProcessMessageBus } from './in-process-message-bus';

const message = (key: string, n: number): EventEnvelope => ({
  id: `${key}-${n}`,
  source: '/test',
  type: 'TestHappened',
  version: 1,
  time: '2026-01-01T00:00:00.000Z',
  key,
  correlationId: `c-${n}`,
  causationId: null,
  data: { n },
});

describe('in-process message bus (embedded mode)', () => {
  it('delivers every message to every group, in publish order', async () => {
    const bus = new InProcessMessageBus();
    const seen: Record<string, string[]> = { a: [], b: [] };
    await bus.subscribe({ groupId: 'a', topics: ['t'], handler: async (e) => void seen.a.push(e.id) });
    await bus.subscribe({ groupId: 'b', topics: ['t', 'other'], handler: async (e) => void seen.b.push(e.id) });
    await Promise.all([bus.publish('t', [message('k1', 1), message('k2', 1)]), bus.publish('t', [message('k1', 2)]), bus.publish('other', [message('k3', 1)])]);
    expect(seen.a).toEqual(['k1-1', 'k2-1', 'k1-2']);
    expect(seen.b).toEqual(['k1-1', 'k2-1', 'k1-2', 'k3-1']);
  });

  it('resolves publish only after the handlers are done, retrying a failing handler before later messages', async () => {
    const bus = new InProcessMessageBus({ retryDelayMs: 1 });
    const seen: string[] = [];
    let failures = 2;
    await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      handler: async (e) => {
        if (e.id === 'k-1' && failures-- > 0) throw new Error('transient');
        seen.push(e.id);
      },
    });
    await bus.publish('t', [message('k', 1), message('k', 2)]);
    expect(seen).toEqual(['k-1', 'k-2']);
  });

  it('rejects publish when a handler keeps failing, so the relay keeps its checkpoint and retries later', async () => {
    const bus = new InProcessMessageBus({ maxAttempts: 3, retryDelayMs: 1 });
    let delivered = 0;
    let attempts = 0;
    await bus.subscribe({ groupId: 'healthy', topics: ['t'], handler: async () => void delivered++ });
    await bus.subscribe({
      groupId: 'broken',
      topics: ['t'],
      handler: async () => {
        attempts++;
        throw new Error('down');
      },
    });
    await expect(bus.publish('t', [message('k', 1)])).rejects.toThrow('down');
    expect({ delivered, attempts }).toEqual({ delivered: 1, attempts: 3 });
    // The bus stays usable for later publishes.
    await expect(bus.publish('unsubscribed', [message('k', 2)])).resolves.toBeUndefined();
  });

  it('shares a group\'s messages between its members, as Kafka partitions would', async () => {
    const bus = new InProcessMessageBus();
    const perMember: number[] = [0, 0];
    for (const member of [0, 1]) await bus.subscribe({ groupId: 'g', topics: ['t'], handler: async () => void perMember[member]++ });
    await bus.publish('t', [message('k', 1), message('k', 2), message('k', 3), message('k', 4)]);
    expect(perMember).toEqual([2, 2]);
  });

  it('gives a batch handler each publish\'s messages at once, and the whole delivery again after a failure', async () => {
    const bus = new InProcessMessageBus({ retryDelayMs: 1 });
    const batches: string[][] = [];
    const single: string[] = [];
    let failures = 1;
    await bus.subscribe({
      groupId: 'projection',
      topics: ['t'],
      handleBatch: async (envelopes) => {
        batches.push(envelopes.map((e) => e.id));
        if (failures-- > 0) throw new Error('transient');
      },
    });
    await bus.subscribe({ groupId: 'other', topics: ['t'], handler: async (e) => void single.push(e.id) });
    await bus.publish('t', [message('k1', 1), message('k2', 1), message('k1', 2)]);
    await bus.publish('t', [message('k3', 1)]);
    expect(batches).toEqual([['k1-1', 'k2-1', 'k1-2'], ['k1-1', 'k2-1', 'k1-2'], ['k3-1']]);
    expect(single).toEqual(['k1-1', 'k2-1', 'k1-2', 'k3-1']);
  });
});
