import type { Pool } from 'pg';
import { WalletCommandExecutor } from './wallet-command.executor';
import { createLedgerDatabase, grantRequest, userWallet } from './wallet-command.test-kit';
import { LOAD_BATCH_SQL } from './wallet.store';

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Index Name'?: string;
  readonly 'Index Cond'?: string;
  readonly 'Hash Cond'?: string;
  readonly Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

describe('the batch load', () => {
  let pool: Pool;

  beforeAll(async () => {
    ({ pool } = await createLedgerDatabase('ledger_load_plan', 4));
  });
  afterAll(async () => {
    await pool.end();
  });

  // A prepared statement runs a generic plan made with the statistics of when it was planned, until
  // the next ANALYZE. Planned on a small store, the grants' lookup was a hash join over every grant:
  // each batch read them all, and commands got 4x slower within 30,000 events.
  it('looks up the grant of each named lot and the notice of each named key by index in a generic plan made while the store was small', async () => {
    const executor = new WalletCommandExecutor(pool);
    const wallets = Array.from({ length: 100 }, (_, i) => userWallet(`plan-${i}`));
    await Promise.all(wallets.map(async (owner) => {
      for (let i = 0; i < 3; i++) await executor.execute(grantRequest(owner, 500));
    }));
    await pool.query('ANALYZE ledger.events');

    const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${LOAD_BATCH_SQL}`);
    const grantLookups = nodesOf(rows[0]['QUERY PLAN'][0].Plan)
      .filter((node) => /lotId/.test(`${node['Index Cond']} ${node['Hash Cond']}`))
      .map((node) => ({ node: node['Node Type'], index: node['Index Name'], cond: node['Index Cond'] }));
    expect(grantLookups).toEqual([{ node: 'Index Scan', index: 'events_granted_once', cond: expect.stringMatching(/^\(\(stream_id = \w+\.wallet_id\) AND \(\(data ->> 'lotId'::text\) = \w+\.lot_id\)\)$/) }]);
    // The notice a grant's key names, by the expression of events_expiry_notices.
    const noticeLookups = nodesOf(rows[0]['QUERY PLAN'][0].Plan)
      .filter((node) => /warning_key/.test(`${node['Index Cond']} ${node['Hash Cond']}`))
      .map((node) => ({ node: node['Node Type'], index: node['Index Name'] }));
    expect(noticeLookups).toEqual([{ node: 'Index Scan', index: 'events_expiry_notices' }]);
  });
});
