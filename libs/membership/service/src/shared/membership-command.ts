import type { Actor, MembershipEvent } from '@credits/contracts';
import { withTransaction } from '@credits/event-store';
import type { Caller, ChangeMeta, Decision, MembershipRejection } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import { Problems, type ProblemException } from '@credits/platform/core';
import type { Pool, PoolClient } from 'pg';
import { loadVisibleCaller } from './location.store';
import { lastEventOf, lockLocation, recordEvents } from './membership-events.recorder';
import { EVENT_IDS_HEADER } from './membership.tokens';

export interface LocationCommandContext {
  readonly client: PoolClient;
  readonly caller: Caller;
  /** the caller as events name them */
  readonly actor: Actor;
  readonly now: Date;
  /** what the domain's events carry about this change */
  readonly meta: ChangeMeta;
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
    const by = eventActor(actor);
    const outcome = await work({ client, caller, actor: by, now, meta: { locationId, actor: by, occurredAt: now.toISOString() } });
    const eventIds = outcome.events.length > 0 ? await recordEvents(client, outcome.events) : await lastEventOf(client, locationId);
    return { result: outcome.result, eventIds };
  });
}

/** Answers with the result and names the events in a header, so the gateway can wait for the ledger to apply them. */
export function withEventIds<T>(res: { setHeader(name: string, value: string): unknown }, outcome: Outcome<T>): T {
  res.setHeader(EVENT_IDS_HEADER, outcome.eventIds.join(','));
  return outcome.result;
}

function problemOf(rejection: MembershipRejection): ProblemException {
  switch (rejection.type) {
    case 'forbidden':
      return Problems.forbidden(rejection.detail);
    case 'not-found':
      return Problems.notFound(rejection.detail);
    case 'conflict':
      return Problems.conflict(rejection.code, rejection.title, rejection.detail);
    case 'invalid':
      return Problems.validation([{ field: rejection.field, reason: rejection.reason }]);
    default: {
      const unknownRejection: never = rejection;
      throw new Error(`unknown rejection ${JSON.stringify(unknownRejection)}`);
    }
  }
}

/** The accepted decision's state and events; a rejection leaves as its problem (and rolls the transaction back). */
export function decided<S>(decision: Decision<S>): { readonly state: S; readonly events: readonly MembershipEvent[] } {
  if (!decision.ok) throw problemOf(decision.rejection);
  return decision;
}
