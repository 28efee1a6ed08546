import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { PortCalls } from './port-calls';

type Operations = { double: number; fail: string };

const serveDoubling = (port: MessagePort) =>
  new PortCalls<Operations>(port, async (op, args) => {
    if (op === 'fail') throw new Error(`refused: ${String(args)}`);
    return (args as number) * 2;
  });

const refuseAll = (port: MessagePort) =>
  new PortCalls<Operations>(port, async () => {
    throw new Error('takes no calls');
  });

/** Counts the messages `port` receives (its PortCalls listener still gets them). */
function countMessages(port: MessagePort): { messages: number; frames: number } {
  const seen = { messages: 0, frames: 0 };
  port.on('message', (frames: unknown[]) => {
    seen.messages += 1;
    seen.frames += frames.length;
  });
  return seen;
}

describe('PortCalls', () => {
  it('answers each call with its own value or error', async () => {
    const { port1, port2 } = new MessageChannel();
    serveDoubling(port1);
    const caller = refuseAll(port2);

    await expect(caller.call('double', 21)).resolves.toBe(42);
    await expect(caller.call('fail', 'no')).rejects.toThrow('refused: no');
    caller.close();
  });

  it('sends the calls of one turn as one message, and their replies as one', async () => {
    const { port1, port2 } = new MessageChannel();
    const toServer = countMessages(port1);
    const toCaller = countMessages(port2);
    serveDoubling(port1);
    const caller = refuseAll(port2);

    const answers = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => caller.call('double', n)));

    expect(answers).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(toServer).toEqual({ messages: 1, frames: 10 });
    expect(toCaller).toEqual({ messages: 1, frames: 10 });
    // A later turn's call is a message of its own.
    await expect(caller.call('double', 11)).resolves.toBe(22);
    expect(toServer).toEqual({ messages: 2, frames: 11 });
    caller.close();
  });

  it('fails what waits when the other end closes, and later calls at once', async () => {
    const { port1, port2 } = new MessageChannel();
    new PortCalls<Operations>(port1, () => new Promise(() => undefined)); // never answers
    const caller = refuseAll(port2);

    const waiting = caller.call('double', 1);
    setTimeout(() => port1.close(), 20);

    await expect(waiting).rejects.toThrow('the other thread is gone');
    await expect(caller.call('double', 2)).rejects.toThrow('the other thread is gone');
  });
});
