import type { Actor, MembershipEvent } from '@credits/contracts';

/** Why a membership change is refused; the service answers each type with its HTTP problem. */
export type MembershipRejection =
  | { readonly type: 'forbidden'; readonly detail: string }
  | { readonly type: 'not-found'; readonly detail: string }
  | { readonly type: 'conflict'; readonly code: string; readonly title: string; readonly detail: string }
  | { readonly type: 'invalid'; readonly field: string; readonly reason: string };

/**
 * What a decider answers: the state to save and the events to record (none: a repeat, which
 * answers as the first call did and changes nothing), or a rejection.
 */
export type Decision<S> =
  | { readonly ok: true; readonly state: S; readonly events: readonly MembershipEvent[] }
  | { readonly ok: false; readonly rejection: MembershipRejection };

/** Who changes what in which location, and when (time comes in with the command). */
export interface ChangeMeta {
  readonly locationId: string;
  readonly actor: Actor;
  readonly occurredAt: string;
}

export const accept = <S>(state: S, events: readonly MembershipEvent[] = []): Decision<S> => ({ ok: true, state, events });
export const reject = <S>(rejection: MembershipRejection): Decision<S> => ({ ok: false, rejection });
export const forbidden = <S>(detail: string): Decision<S> => reject({ type: 'forbidden', detail });
export const notFound = <S>(detail: string): Decision<S> => reject({ type: 'not-found', detail });
export const conflict = <S>(code: string, title: string, detail: string): Decision<S> => reject({ type: 'conflict', code, title, detail });
export const invalid = <S>(field: string, reason: string): Decision<S> => reject({ type: 'invalid', field, reason });
