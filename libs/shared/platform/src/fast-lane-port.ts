import type { MessagePort } from 'node:worker_threads';
import type { FastLane, LaneAnswer, LaneRequest } from './fast-lane';
import { PortCalls } from './port-calls';

/**
 * A service's fast lane for a caller in another thread of the process (embedded mode: the gateway's
 * thread calls the ledger in the main thread). The request is the one the caller would send over
 * HTTP, internal token included; what the lane does not take is declined and the caller uses HTTP.
 * Over loopback HTTP the client and server stacks cost about a third of both threads' work per call.
 */

type Operations = { answer: { readonly request: LaneRequest; readonly body?: Uint8Array } };

/** Answers the calls that arrive on `port` with `lane` (null: declined). */
export function serveFastLaneOnPort(lane: FastLane, port: MessagePort): void {
  new PortCalls<Operations>(port, async (_op, { request, body }) => {
    const match = lane.match(request);
    if (!match) return null;
    return lane.answer(match, request, async () => (body ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : undefined), 'thread');
  });
}

/** The caller's end: `call` resolves with the answer, or null when the lane declined (send it over HTTP). */
export class FastLaneClient {
  private readonly calls: PortCalls<Operations>;

  constructor(port: MessagePort) {
    this.calls = new PortCalls<Operations>(port, async () => {
      throw new Error('the fast lane takes no calls from the service');
    });
  }

  async call(request: LaneRequest, body: Buffer | undefined): Promise<LaneAnswer | null> {
    return (await this.calls.call('answer', { request, body })) as LaneAnswer | null;
  }
}
