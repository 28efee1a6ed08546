import type { EventEnvelope } from '@credits/contracts';
import { MessageChannel } from 'node:worker_threads';
import { InProcessMessageBus } from './in-process-message-bus';
import { PortMessageBus, exposeBus } from './port-message-bus';

const message = (n: number): EventEnvelope => ({
  id: `m-${n}`,
  source: '/test',
  type: 'TestHappened',
  version: 1,
  time: '2026-01-01T00:00:00.000Z',
  key: 'k',
  correlationId: `c-${n}`,
  causationId: null,
  data: { n },
});

/** The serving bus and a PortMessageBus on the other end of a channel, as a worker thread has it. */
function bridged(options?: { maxAttempts?: number; retryDelayMs?: number }) {
  const bus = new InProcessMessageBus(options);
  const { port1, port2 } = new MessageChannel();
  const served = exposeBus(bus, port1);
  const remote = new PortMessageBus(port2);
  return { bus, remote, close: async () => Promise.all([remote.close(), served.close()]) };
}

describe('a bus across a thread boundary (embedded mode: the gateway thread)', () => {
  it('delivers what the serving bus publishes, in order, and publish resolves only after the remote handler is done', async () => {
    const { bus, remote, close } = bridged();
    const seen: number[] = [];
    await remote.subscribe({
      groupId: 'g',
      topics: ['t'],
      startAt: 'latest',
      handler: async (envelope) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push((envelope.data as { n: number }).n);
      },
    });
    await bus.publish('t', [message(1), message(2)]);
    expect(seen).toEqual([1, 2]);
    await bus.publish('t', [message(3)]);
    expect(seen).toEqual([1, 2, 3]);
    await close();
  });

  it("retries a failing remote handler as the serving bus does, and rejects publish with the handler's error when it keeps failing", async () => {
    const { bus, remote, close } = bridged({ maxAttempts: 3, retryDelayMs: 1 });
    let attempts = 0;
    await remote.subscribe({
      groupId: 'g',
      topics: ['t'],
      handler: async () => {
        attempts++;
        if (attempts < 3) throw new Error('busy');
      },
    });
    await bus.publish('t', [message(1)]);
    expect(attempts).toBe(3);
    attempts = -10;
    await expect(bus.publish('t', [message(2)])).rejects.toThrow('busy');
    await close();
  });

  it('stops delivering after the subscription stops; publishes from the remote side reach the serving bus; readiness is the serving bus’s', async () => {
    const { bus, remote, close } = bridged();
    const remoteSeen: string[] = [];
    const localSeen: string[] = [];
    const subscription = await remote.subscribe({ groupId: 'remote', topics: ['t'], handler: async (e) => void remoteSeen.push(e.id) });
    await bus.subscribe({ groupId: 'local', topics: ['t'], handler: async (e) => void localSeen.push(e.id) });
    await remote.publish('t', [message(1)]);
    await subscription.stop();
    await bus.publish('t', [message(2)]);
    expect(remoteSeen).toEqual(['m-1']);
    expect(localSeen).toEqual(['m-1', 'm-2']);
    expect(await remote.isReady()).toBe(true);
    await bus.close();
    expect(await remote.isReady()).toBe(false);
    await close();
  });

  it('answers not ready once the serving side is gone, instead of hanging', async () => {
    const { remote, close } = bridged();
    await close();
    expect(await remote.isReady()).toBe(false);
  });
});
