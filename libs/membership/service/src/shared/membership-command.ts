import type { Actor, MembershipEvent } from '@credits/contracts';
import { withTransaction } from '@credits/event-store';
import type { Caller } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import type { Pool, PoolClient } from 'pg';
import { loadVisibleCaller } from './caller-role.query';
import { lastEventOf, lockLocation, recordEvents } from './membership-events.recorder';
import { EVENT_IDS_HEADER } from './membership.tokens';

export interface LocationCommandContext {
  readonly client: PoolClient;
  readonly caller: Caller;
  /** the caller as events name them */
  readonly actor: Actor;
  readonly now: Date;
}

export interface CommandOutcome<T> {
  readonly result: T;
  readonly events: readonly MembershipEvent[];
}

/** What a change answers: its result, and the ids of the events it recorded (none: the location's last one). */
export interface Outcome<T> {
  readonly result: T;
  readonly eventIds: string[];
}

export function eventActor(actor: RequestActor): Actor {
  return { type: actor.isOperator ? 'operator' : 'user', id: actor.userId };
}

/**
 * The frame of every change inside a location: one transaction that takes the location lock
 * first, knows the caller (strangers get 404), and writes the state and its events together.
 */
export async function inLocation<T>(
  pool: Pool,
  locationId: string,
  actor: RequestActor,
  now: Date,
  work: (context: LocationCommandContext) => Promise<CommandOutcome<T>>,
): Promise<Outcome<T>> {
  return withTransaction(pool, async (client) => {
    await lockLocation(client, locationId);
    const caller = await loadVisibleCaller(client, locationId, actor);
    const outcome = await work({ client, caller, actor: eventActor(actor), now });
    const eventIds = outcome.events.length > 0 ? await recordEvents(client, outcome.events) : await lastEventOf(client, locationId);
    return { result: outcome.result, eventIds };
  });
}

/** Answers with the result and names the events in a header, so the gateway can wait for the ledger to apply them. */
export function withEventIds<T>(res: { setHeader(name: string, value: string): unknown }, outcome: Outcome<T>): T {
  res.setHeader(EVENT_IDS_HEADER, outcome.eventIds.join(','));
  return outcome.result;
}
