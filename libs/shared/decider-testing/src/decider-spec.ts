/**
 * Given/when/then for a pure decider, shared by every domain's test kit:
 * `given(...events).when(command).then(events | rejection)`. Test code only (it calls Jest's `expect`).
 */

export type Decision<E, R> = { readonly ok: true; readonly events: readonly E[] } | { readonly ok: false; readonly rejection: R };

export interface DeciderOf<C, E, S, R> {
  decide(command: C, state: S): Decision<E, R>;
  evolve(state: S, event: E): S;
  /** The state of no history (or a fold of the history, when the domain has a faster one). */
  replay(history: readonly E[]): S;
}

export interface Then<E, S, R> {
  readonly result: Decision<E, R>;
  /** Expects exactly these events (returns the state after them) or a rejection matching these fields. */
  then(expected: readonly E[] | (Partial<R> & { type: string })): S;
}

export function deciderSpec<C, E, S, R extends { type: string; detail: string }>(decider: DeciderOf<C, E, S, R>) {
  return function given(...history: (E | readonly E[])[]) {
    const state = decider.replay(history.flat() as E[]);
    return {
      state,
      when(command: C): Then<E, S, R> {
        const result = decider.decide(command, state);
        return {
          result,
          then(expected) {
            if (Array.isArray(expected)) {
              if (!result.ok) throw new Error(`expected events, got rejection ${JSON.stringify(result.rejection)}`);
              expect(result.events).toEqual(expected);
              return result.events.reduce(decider.evolve, state);
            }
            if (result.ok) throw new Error(`expected rejection ${JSON.stringify(expected)}, got events ${JSON.stringify(result.events)}`);
            expect(result.rejection).toMatchObject(expected as object);
            // Rejections are read by people: each says why.
            expect(result.rejection.detail).toMatch(/\w/);
            return state;
          },
        };
      },
    };
  };
}
