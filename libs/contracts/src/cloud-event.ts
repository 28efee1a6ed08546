import { CloudEvent, Kafka } from 'cloudevents';

/**
 * A published event as it travels between services: the CloudEvents attributes we use plus our
 * extension attributes. `key` is the Kafka message key (the aggregate id).
 */
export interface EventEnvelope {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly version: number;
  readonly time: string;
  readonly key: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** W3C trace context of the work that recorded the event (CloudEvents distributed-tracing extension); none when tracing is off */
  readonly traceparent?: string;
  readonly data: object;
}

/** Raw Kafka message shape (kafkajs-compatible, kept here so contracts depend on no client). */
export interface KafkaRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

const TYPE_PREFIX = 'credits.';

/** `CreditsGranted` v1 from the ledger becomes the CloudEvents type `credits.CreditsGranted.v1`. */
export function cloudEventType(type: string, version: number): string {
  return `${TYPE_PREFIX}${type}.v${version}`;
}

export function parseCloudEventType(ceType: string): { type: string; version: number } {
  const match = /^credits\.([A-Za-z]+)\.v(\d+)$/.exec(ceType);
  if (!match) throw new Error(`not a credits event type: ${ceType}`);
  return { type: match[1], version: Number(match[2]) };
}

/** The event type a Kafka record's `ce_type` header names (binary mode), without reading its value; null without one. */
export function eventTypeOfKafkaHeaders(headers: Readonly<Record<string, unknown>>): string | null {
  const ceType = headers['ce_type'];
  return ceType === undefined ? null : parseCloudEventType(String(ceType)).type;
}

/** CloudEvents 1.0 Kafka binary mode: attributes as `ce_*` headers, JSON data as the value. */
export function toKafkaRecord(envelope: EventEnvelope): KafkaRecord {
  const event = new CloudEvent({
    id: envelope.id,
    source: envelope.source,
    type: cloudEventType(envelope.type, envelope.version),
    time: envelope.time,
    subject: envelope.key,
    datacontenttype: 'application/json',
    dataschema: `urn:credits:schema:${envelope.type}:${envelope.version}`,
    correlationid: envelope.correlationId,
    ...(envelope.causationId ? { causationid: envelope.causationId } : {}),
    ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}),
    data: envelope.data,
  });
  const message = Kafka.binary(event);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined && value !== null) headers[name] = String(value);
  }
  return { key: envelope.key, value: JSON.stringify(envelope.data), headers };
}

export function fromKafkaRecord(record: { key: string | null; value: string; headers: Record<string, string> }): EventEnvelope {
  const event = Kafka.toEvent({
    body: record.value,
    value: record.value,
    headers: { ...record.headers, 'content-type': record.headers['content-type'] ?? 'application/json' },
  } as Parameters<typeof Kafka.toEvent>[0]) as CloudEvent<unknown>;
  const { type, version } = parseCloudEventType(event.type);
  const data = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
  return {
    id: event.id,
    source: event.source,
    type,
    version,
    time: event.time ?? new Date(0).toISOString(),
    key: record.key ?? String(event.subject ?? ''),
    correlationId: String(event['correlationid'] ?? event.id),
    causationId: event['causationid'] ? String(event['causationid']) : null,
    ...(event['traceparent'] ? { traceparent: String(event['traceparent']) } : {}),
    data: data as object,
  };
}
