import type { EventSchemaEntry } from './event';
import { cloudEventType } from './cloud-event';
import { ledgerEventSchemas } from './ledger';
import { membershipEventSchemas, planPeriodEventSchemas } from './membership';
import { billingEventSchemas } from './billing';
import { paymentsEventSchemas } from './payments';
import { bookingEventSchemas } from './booking';
import { Topics } from './topics';

/** What each topic carries: its producer, message key and event schemas. */
export const publishedTopics: ReadonlyArray<{ id: string; topic: string; producer: string; key: string; schemas: readonly EventSchemaEntry[] }> = [
  { id: 'ledger', topic: Topics.ledger, producer: 'ledger', key: 'wallet id (wallet:<locationId>:<user|company>:<ownerId>)', schemas: ledgerEventSchemas },
  {
    id: 'membership',
    topic: Topics.membership,
    producer: 'membership',
    key: 'location id',
    schemas: [...membershipEventSchemas, ...planPeriodEventSchemas],
  },
  { id: 'billing', topic: Topics.billing, producer: 'billing', key: 'purchase id', schemas: billingEventSchemas },
  { id: 'payments', topic: Topics.payments, producer: 'payments', key: 'payment id', schemas: paymentsEventSchemas },
  { id: 'booking', topic: Topics.booking, producer: 'booking', key: 'booking id', schemas: bookingEventSchemas },
];

const ceHeaders = (ceType: string) => ({
  type: 'object',
  required: ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_correlationid'],
  properties: {
    ce_specversion: { type: 'string', const: '1.0' },
    ce_id: { type: 'string', description: 'unique event id; consumers deduplicate on it' },
    ce_source: { type: 'string', description: 'producing service, e.g. /credits/ledger' },
    ce_type: { type: 'string', const: ceType },
    ce_time: { type: 'string', format: 'date-time' },
    ce_subject: { type: 'string', description: 'the aggregate id, equal to the message key' },
    ce_dataschema: { type: 'string' },
    ce_datacontenttype: { type: 'string', const: 'application/json' },
    ce_correlationid: { type: 'string', description: 'the request or process this event belongs to' },
    ce_causationid: { type: 'string', description: 'id of the message that caused this event, when one did' },
  },
});

/** Replaces `#/$defs/...` references with their definitions: inside AsyncAPI they would resolve against the document root. */
function inlineLocalRefs(node: unknown, defs: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((item) => inlineLocalRefs(item, defs));
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/$defs/')) return inlineLocalRefs(defs[ref.slice('#/$defs/'.length)], defs);
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== '$defs' && key !== '$schema' && key !== '$id')
      .map(([key, value]) => [key, inlineLocalRefs(value, defs)]),
  );
}

/** The AsyncAPI 3.0 document of every topic the platform publishes, built from the contracts. */
export function buildAsyncApiDocument(version: string): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const published of publishedTopics) {
    const refs: Record<string, { $ref: string }> = {};
    for (const entry of published.schemas) {
      const name = `${entry.type}V${entry.version}`;
      const payload = inlineLocalRefs(entry.schema, (entry.schema.$defs ?? {}) as Record<string, unknown>);
      messages[name] = {
        name: entry.type,
        title: `${entry.type} v${entry.version}`,
        contentType: 'application/json',
        headers: ceHeaders(cloudEventType(entry.type, entry.version)),
        payload,
        bindings: { kafka: { key: { type: 'string', description: published.key } } },
      };
      refs[name] = { $ref: `#/components/messages/${name}` };
    }
    channels[published.id] = {
      address: published.topic,
      description: `Events of the ${published.producer} service as CloudEvents 1.0 in Kafka binary mode, keyed by ${published.key}.`,
      messages: refs,
    };
    operations[`consume${published.id[0].toUpperCase()}${published.id.slice(1)}Events`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${published.id}` },
      messages: Object.keys(refs).map((name) => ({ $ref: `#/channels/${published.id}/messages/${name}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Credits platform events',
      version,
      description:
        'Every state change of the credits platform. Consumers must tolerate unknown fields; a new event version appears as a new ce_type (…vN) and old versions stay readable.',
    },
    defaultContentType: 'application/json',
    servers: { kafka: { host: 'kafka:9092', protocol: 'kafka', description: 'the deployment\'s Kafka bootstrap servers' } },
    channels,
    operations,
    components: { messages },
  };
}
