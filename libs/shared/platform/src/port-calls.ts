import type { MessagePort } from 'node:worker_threads';

type Frame = { kind: 'call'; id: number; op: string; args: unknown } | { kind: 'reply'; id: number; value?: unknown; error?: string };

/**
 * Calls in both directions between two threads over one MessagePort: each call gets its reply (a
 * value, or an error's message). `serve` answers the calls of the other end. Either end closing
 * closes both, and what is still waiting fails instead of hanging.
 *
 * The frames of one turn of the event loop leave as one message, after its I/O callbacks (the
 * requests read in that turn, the replies of a committed batch): one message per frame cost both
 * threads 7-10% more CPU per call under load, and the gateway thread was preempted twice as often
 * (docs/gateway-performance.md).
 */
export class PortCalls<Operations extends Record<string, unknown>> {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private closed = false;
  /** frames posted in this turn of the event loop, sent together at its end */
  private outgoing: Frame[] = [];

  constructor(private readonly port: MessagePort, serve: <O extends keyof Operations & string>(op: O, args: Operations[O]) => Promise<unknown>) {
    port.once('close', () => this.close());
    port.on('message', (frames: Frame[]) => {
      for (const frame of frames) this.receive(frame, serve);
    });
  }

  call<O extends keyof Operations & string>(op: O, args: Operations[O]): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the other thread is gone'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ kind: 'call', id, op, args });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const call of this.pending.values()) call.reject(new Error('the other thread is gone'));
    this.pending.clear();
    this.port.close();
  }

  private receive(frame: Frame, serve: (op: string, args: never) => Promise<unknown>): void {
    if (frame.kind === 'reply') {
      const call = this.pending.get(frame.id);
      this.pending.delete(frame.id);
      if (frame.error === undefined) call?.resolve(frame.value);
      else call?.reject(new Error(frame.error));
      return;
    }
    serve(frame.op, frame.args as never).then(
      (value) => this.post({ kind: 'reply', id: frame.id, value }),
      (error: unknown) => this.post({ kind: 'reply', id: frame.id, error: error instanceof Error ? error.message : String(error) }),
    );
  }

  private post(frame: Frame): void {
    if (this.closed) return;
    this.outgoing.push(frame);
    if (this.outgoing.length === 1) setImmediate(() => this.send());
  }

  private send(): void {
    const frames = this.outgoing;
    this.outgoing = [];
    if (!this.closed) this.port.postMessage(frames);
  }
}
