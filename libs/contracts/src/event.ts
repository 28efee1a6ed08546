/**
 * Every event a service publishes: a stable `type` name, an explicit schema `version`, and its data.
 * The same shape is stored in the ledger's event store, carried through outboxes and published to
 * Kafka as a CloudEvent (see cloud-event.ts).
 */
export interface DomainEvent<TType extends string = string, TData extends object = object, TVersion extends number = number> {
  readonly type: TType;
  readonly version: TVersion;
  readonly data: TData;
}

/** The JSON Schema (draft 2020-12) of one version of one event type. */
export interface EventSchemaEntry {
  readonly type: string;
  readonly version: number;
  readonly schema: Readonly<Record<string, unknown>>;
}

/** ISO 4217 money in integer minor units (R3). */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export const actorTypes = ['user', 'operator', 'system'] as const;

/** Who caused a change (R18). `system` is used for scheduled and event-driven effects. */
export interface Actor {
  readonly type: (typeof actorTypes)[number];
  readonly id: string;
}
