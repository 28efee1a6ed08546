import { upcastLedgerEvent, type LedgerEvent } from '@credits/contracts';
import { applyToDraft, draftOf, initialWalletState, type WalletDraft } from '@credits/ledger-domain';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { rebuildWalletProjection, type RebuildReport } from '../../libs/ledger/service/src/rebuild/wallet-projection.rebuild';
import { upsertWalletRows, walletRow } from '../../libs/ledger/service/src/wallets/wallet-rows';
import { sizes } from './workload';

const FILL_CHUNK = 50_000;

/**
 * Tops the event store up to `sizes.rebuildEvents` events on `sizes.wallets` extra wallets: cycles of a
 * grant of 900 and three spends of 300 from that lot, the events decide makes for them (with one lot
 * left, the lot choice is forced), written directly in big multi-row inserts. Deciding each command
 * costs more than the rest together; the projection rows come from folding the same events.
 */
export async function fillEventStore(pool: Pool): Promise<number> {
  const existing = Number((await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ledger.events`)).rows[0].n);
  const wallets = new Map<string, { state: WalletDraft; lotId: string; updatedAt: string }>();
  const actor = { type: 'system', id: 'bench' } as const;
  const purpose = { resourceType: 'room', reference: 'room-1' } as const;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  let written = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  while (existing + written < sizes.rebuildEvents) {
    const rows: object[] = [];
    while (rows.length < FILL_CHUNK && existing + written + rows.length < sizes.rebuildEvents) {
      const walletId = `wallet:bench:user:fill${Math.floor(Math.random() * sizes.wallets)}`;
      let wallet = wallets.get(walletId);
      if (!wallet) wallets.set(walletId, (wallet = { state: draftOf(initialWalletState(walletId)), lotId: '', updatedAt: '' }));
      const occurredAt = new Date((clock += 10)).toISOString();
      const common = { walletId, occurredAt, actor };
      let event: LedgerEvent;
      if (wallet.state.version % 4 === 0) {
        wallet.lotId = randomUUID();
        const { lotId } = wallet;
        event = {
          type: 'CreditsGranted',
          version: 2,
          data: { ...common, reason: 'bench fill', lots: [{ lotId, amount: 900 }], lotId, amount: 900, kind: 'permanent', expiresAt: null, source: 'admin', planPeriodId: null, unitPrice: null, purchaseId: null, moneyRefund: null },
        };
      } else {
        event = {
          type: 'CreditsSpent',
          version: 1,
          data: { ...common, reason: 'bench fill', lots: [{ lotId: wallet.lotId, amount: 300 }], spendId: randomUUID(), amount: 300, purpose },
        };
      }
      rows.push({ event_id: randomUUID(), stream_id: walletId, stream_version: wallet.state.version + 1, type: event.type, version: event.version, data: event.data, occurred_at: occurredAt });
      applyToDraft(wallet.state, event);
      wallet.updatedAt = occurredAt;
    }
    const json = JSON.stringify(rows);
    await inFlight; // one insert at a time, while the next chunk is generated
    inFlight = pool.query(
      `INSERT INTO ledger.events (event_id, stream_id, stream_version, type, version, data, metadata, occurred_at)
       SELECT event_id, stream_id, stream_version, type, version, data, '{"correlationId":"bench","causationId":null}', occurred_at
       FROM json_to_recordset($1::json) AS e(event_id uuid, stream_id text, stream_version int, type text, version int, data jsonb, occurred_at timestamptz)`,
      [json],
    );
    written += rows.length;
  }
  await inFlight;
  const rows = [...wallets.entries()].map(([walletId, { state, updatedAt }]) =>
    walletRow({ locationId: 'bench', ownerType: 'user', ownerId: walletId.split(':')[3] }, state, updatedAt),
  );
  for (let i = 0; i < rows.length; i += 5000) await upsertWalletRows(pool, rows.slice(i, i + 5000));
  return existing + written;
}

/** Full rebuild through the rebuild library (replay, fresh table, comparison with the live one). */
export async function rebuild(pool: Pool): Promise<{ eventsPerSec: number; report: RebuildReport }> {
  const started = process.hrtime.bigint();
  const report = await rebuildWalletProjection(pool);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { eventsPerSec: report.events / seconds, report };
}

/** The ceiling for replay: a plain keyset scan in commit order, JSON parse and fold in Node, nothing else. */
export async function rawReplay(pool: Pool): Promise<number> {
  const client = await pool.connect();
  try {
    const started = process.hrtime.bigint();
    const states = new Map<string, WalletDraft>();
    let after = { tx: '0', id: '0' };
    let events = 0;
    for (;;) {
      const { rows } = await client.query<{ tx: string; id: string; stream_id: string; type: string; version: number; data: string }>(
        `SELECT tx_id::text AS tx, id, stream_id, type, version, data::text AS data FROM ledger.events
         WHERE (tx_id, id) > ($1::xid8, $2::bigint) ORDER BY tx_id, id LIMIT 5000`,
        [after.tx, after.id],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        const event = upcastLedgerEvent({ type: row.type, version: row.version, data: JSON.parse(row.data) });
        let state = states.get(row.stream_id);
        if (!state) states.set(row.stream_id, (state = draftOf(initialWalletState(row.stream_id))));
        applyToDraft(state, event);
      }
      events += rows.length;
      after = rows[rows.length - 1];
    }
    return events / (Number(process.hrtime.bigint() - started) / 1e9);
  } finally {
    client.release();
  }
}
