import type { Actor, MembershipEvent } from '@credits/contracts';
import type { Caller, LocationRole } from '../location-access.policy';
import type { ChangeMeta, Decision, MembershipRejection } from '../membership.decision';

/** Test-only helpers: `decider(decide).given(facts).when(change).then(events | rejection)`. */

export const LOCATION = 'loc-1';
export const T0 = '2026-03-01T09:00:00.000Z';
export const BY: Actor = { type: 'user', id: 'caller' };
export const META: ChangeMeta = { locationId: LOCATION, actor: BY, occurredAt: T0 };

/** The caller with this role in the location (null: not a member); operators have none. */
export const caller = (role: LocationRole | null, isOperator = false): Caller => ({ userId: BY.id, isOperator, role });
export const admin = caller('admin');
export const member = caller('member');
export const operator = caller(null, true);

/** The data every event of this kit carries, plus the event's own fields. */
export const data = <T extends object>(fields: T) => ({ locationId: LOCATION, occurredAt: T0, actor: BY, ...fields });

export type ExpectedRejection = Partial<MembershipRejection> & { type: MembershipRejection['type'] };

export interface Then<S> {
  readonly result: Decision<S>;
  /** Expects exactly these events (returns the state to save) or a rejection matching these fields. */
  then(expected: readonly MembershipEvent[] | ExpectedRejection): S;
}

export function decider<C, F, S>(decide: (change: C, facts: F, meta: ChangeMeta) => Decision<S>) {
  return {
    given(facts: F) {
      return {
        when(change: C): Then<S> {
          const result = decide(change, facts, META);
          return {
            result,
            then(expected) {
              if (Array.isArray(expected)) {
                if (!result.ok) throw new Error(`expected events, got rejection ${JSON.stringify(result.rejection)}`);
                expect(result.events).toEqual(expected);
                return result.state;
              }
              if (result.ok) throw new Error(`expected rejection ${JSON.stringify(expected)}, got events ${JSON.stringify(result.events)}`);
              expect(result.rejection).toMatchObject(expected as object);
              return undefined as S;
            },
          };
        },
      };
    },
  };
}
