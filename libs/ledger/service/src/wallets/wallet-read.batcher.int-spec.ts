import { walletIdFor, type WalletOwner } from '@credits/contracts';
import { initialWalletState, type WalletState } from '@credits/ledger-domain';
import type { Pool } from 'pg';
import type { FactsRow } from '../access/wallet-access';
import { locationFactsParams, locationFactsSql } from '../membership-projection/membership-projection.store';
import { grant, ledgerTestDatabase, seedLocation } from '../testing/ledger-test-database';
import type { WalletCommandExecutor } from './wallet-command.executor';
import { WalletReadBatcher } from './wallet-read.batcher';
import { loadWalletsToRead, type WalletRead, type WalletToRead } from './wallet.store';

/** The single read the batched statement replaced: the reference it must match read for read. */
const SINGLE_READ_SQL = `SELECT (${locationFactsSql(['$1', '$2', '$3', '$4'])}) AS facts, (SELECT state FROM ledger.wallets WHERE wallet_id = $5) AS state`;

async function singleRead(pool: Pool, { owner, walletId, callerId }: WalletRead): Promise<WalletToRead> {
  const result = await pool.query<{ facts: FactsRow[]; state: WalletState | null }>(SINGLE_READ_SQL, [
    ...locationFactsParams([{ owner, callerId }]),
    walletId,
  ]);
  const [row] = result.rows;
  return { facts: row.facts[0], wallet: row.state ?? initialWalletState(walletId) };
}

const user = (ownerId: string, locationId = 'loc-r'): WalletOwner => ({ locationId, ownerType: 'user', ownerId });
const company = (ownerId: string, locationId = 'loc-r'): WalletOwner => ({ locationId, ownerType: 'company', ownerId });
const read = (owner: WalletOwner, callerId: string | null): WalletRead => ({ owner, walletId: walletIdFor(owner), callerId });

describe('balance reads in batches', () => {
  let pool: Pool;
  let executor: WalletCommandExecutor;

  beforeAll(async () => {
    ({ pool, executor } = await ledgerTestDatabase('ledger_reads'));
    await seedLocation(pool, 'loc-r', ['alice', 'bob', 'carol', 'dave']);
    await pool.query(`INSERT INTO ledger.members (location_id, user_id, role, active) VALUES ('loc-r', 'admin-1', 'admin', true)`);
    await pool.query(`UPDATE ledger.members SET active = false WHERE location_id = 'loc-r' AND user_id = 'dave'`);
    await pool.query(`INSERT INTO ledger.companies (location_id, company_id, active) VALUES ('loc-r', 'acme', true)`);
    await pool.query(`INSERT INTO ledger.company_members (location_id, company_id, user_id, is_manager, active) VALUES ('loc-r', 'acme', 'carol', false, true)`);
    const now = new Date().toISOString();
    await grant(executor, user('alice'), 'g-alice', { amount: 1_500, now });
    await grant(executor, user('dave'), 'g-dave', { amount: 200, now });
    await grant(executor, company('acme'), 'g-acme', { amount: 7_000, now });
  });

  afterAll(async () => {
    await executor.close();
    await pool.end();
  });

  const reads: readonly WalletRead[] = [
    read(user('alice'), 'alice'), // own wallet
    read(company('acme'), 'carol'), // a member of the company
    read(company('acme'), 'bob'), // not in the company
    read(user('alice'), 'bob'), // another member
    read(user('alice'), 'stranger'), // not a member
    read(user('alice'), 'dave'), // left the location
    read(user('dave'), 'admin-1'), // an admin, on a removed member's wallet
    read(user('nobody'), 'admin-1'), // an owner who never belonged, no wallet row
    read(company('ghost'), 'admin-1'), // no such company
    read(user('alice', 'loc-unknown'), 'alice'), // no such location
    read(user('alice'), null), // a service
    read(user('alice'), 'alice'), // the same wallet twice in one batch
  ];

  it('answers each read of a batch exactly as the single statement did, in request order', async () => {
    const expected = await Promise.all(reads.map((one) => singleRead(pool, one)));
    // The cases differ: a batch answered out of order could not match.
    expect(expected[0].wallet.lots.map((lot) => lot.remaining)).toEqual([1_500]);
    expect(expected[1].wallet.lots.map((lot) => lot.remaining)).toEqual([7_000]);
    expect(expected[1].facts).toMatchObject({ caller_in_company: true, caller_role: 'member' });
    expect(expected[5].facts).toMatchObject({ caller_left: true, caller_role: null });
    expect(expected[7]).toEqual({ facts: expect.objectContaining({ owner_exists: false }), wallet: initialWalletState(reads[7].walletId) });
    expect(expected[9].facts).toBeNull();

    expect(await loadWalletsToRead(pool, reads)).toEqual(expected);
    expect(await loadWalletsToRead(pool, [...reads].reverse())).toEqual([...expected].reverse());
    expect(await loadWalletsToRead(pool, [reads[8]])).toEqual([expected[8]]);
  });

  it('coalesces concurrent reads on a real pool into few statements, each read getting its own answer', async () => {
    const expected = await Promise.all(reads.map((one) => singleRead(pool, one)));
    let statements = 0;
    const batcher = new WalletReadBatcher((batch) => {
      statements += 1;
      return loadWalletsToRead(pool, batch);
    });
    const many = Array.from({ length: 10 }, () => reads).flat();
    const results = await Promise.all(many.map((one) => batcher.load(one.owner, one.walletId, one.callerId)));
    expect(results).toEqual(Array.from({ length: 10 }, () => expected).flat());
    // The first read alone, everything queued behind it in the next.
    expect(statements).toBe(2);
  });
});
