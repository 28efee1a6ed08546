import type { EventEnvelope } from '@credits/contracts';
import { CheckpointedProcessor, type CommitPosition } from '@credits/event-store';
import { relayMetrics } from '@credits/platform/core';
import type { Pool, PoolClient } from 'pg';
import type { MessageBus } from './message-bus.port';

export interface RelayOptions<T extends { position: CommitPosition }> {
  readonly pool: Pool;
  readonly schema: string;
  readonly name: string;
  readonly bus: MessageBus;
  readonly read: (client: PoolClient, after: CommitPosition, limit: number) => Promise<T[]>;
  readonly toMessage: (row: T) => { topic: string; envelope: EventEnvelope };
  readonly onError?: (error: unknown) => void;
}

/**
 * Publishes committed rows (event store or outbox) to the bus in commit order, at least once:
 * the checkpoint is saved only after the broker accepted the batch.
 */
export function createRelay<T extends { position: CommitPosition }>(options: RelayOptions<T>): CheckpointedProcessor<T> {
  const relay = `${options.schema}.${options.name}`;
  return new CheckpointedProcessor<T>({
    pool: options.pool,
    schema: options.schema,
    name: options.name,
    read: async (client, after, limit) => {
      const rows = await options.read(client, after, limit);
      relayMetrics.pending(relay, rows.length > 0 ? options.toMessage(rows[0]).envelope.time : undefined);
      return rows;
    },
    onError: options.onError,
    handle: async (rows) => {
      // Consecutive rows of one topic go out as one send; order across the batch is kept.
      let topic: string | null = null;
      let pending: EventEnvelope[] = [];
      const times: string[] = [];
      for (const row of rows) {
        const message = options.toMessage(row);
        times.push(message.envelope.time);
        if (topic !== null && message.topic !== topic) {
          await options.bus.publish(topic, pending);
          pending = [];
        }
        topic = message.topic;
        pending.push(message.envelope);
      }
      if (topic !== null) await options.bus.publish(topic, pending);
      relayMetrics.published(relay, times);
    },
  });
}
