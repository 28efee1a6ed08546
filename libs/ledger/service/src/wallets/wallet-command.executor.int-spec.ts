import { upcastLedgerEvent, walletIdFor, type WalletOwner } from '@credits/contracts';
import { replay, snapshotOf, type LedgerCommand } from '@credits/ledger-domain';
import { ProblemException, Problems } from '@credits/platform/core';
import { withTransaction } from '@credits/event-store';
import type { Pool, PoolClient } from 'pg';
import type { QueuedCommand } from './wallet-batch.decision';
import { commitBatch, lockBatch } from './wallet-command.batch';
import { WalletCommandCache } from './wallet-command.cache';
import { WalletCommandExecutor, type AccessCheck, type WalletCommandRequest, type WalletCommandResponse } from './wallet-command.executor';
import { requireSpender } from '../access/wallet-access';
import { requestFingerprint } from './request-fingerprint';
import { loadWallet, PgWalletBatchStore } from './wallet.store';
import { createLedgerDatabase, grantRequest, spendRequest, userWallet } from './wallet-command.test-kit';

describe('wallet command executor: group commit keeps every guarantee', () => {
  let pool: Pool;

  beforeAll(async () => {
    ({ pool } = await createLedgerDatabase('ledger_executor', 12));
  });

  afterAll(async () => {
    await pool.end();
  });

  const balanceOf = async (ownerId: string) => {
    const state = await loadWallet(pool, walletIdFor(userWallet(ownerId)));
    return state.lots.reduce((sum, lot) => sum + lot.remaining, 0);
  };
  /** transaction ids of the events a set of responses appended */
  const txIdsOf = async (responses: readonly WalletCommandResponse[]) => {
    const eventIds = responses.flatMap((response) => (response.body as { eventIds?: string[] }).eventIds ?? []);
    const result = await pool.query<{ tx_id: string }>(`SELECT DISTINCT tx_id::text FROM ledger.events WHERE event_id = ANY($1::uuid[])`, [eventIds]);
    return result.rows.map((row) => row.tx_id);
  };
  const eventCount = async (ownerId: string) =>
    (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger.events WHERE stream_id = $1`, [walletIdFor(userWallet(ownerId))])).rows[0].n;

  it('1,000 concurrent spends of 1 against 100 on one wallet, with other wallets in the same batches: exactly 100 succeed', async () => {
    const executor = new WalletCommandExecutor(pool);
    await executor.execute(grantRequest(userWallet('hot'), 100));
    await Promise.all(['cold-1', 'cold-2'].map((owner) => executor.execute(grantRequest(userWallet(owner), 500))));

    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => executor.execute(spendRequest(userWallet(i % 4 === 0 ? `cold-${1 + (i % 8 === 0 ? 1 : 0)}` : 'hot'), 1))),
    );
    const hot = responses.filter((_, i) => i % 4 !== 0);
    expect(hot.filter((r) => r.status === 201)).toHaveLength(100);
    expect(hot.filter((r) => r.status === 409)).toHaveLength(650);
    expect(hot.find((r) => r.status === 409)?.body).toMatchObject({ type: expect.stringMatching(/insufficient-credits$/), shortfall: '0.01' });
    expect(responses.filter((_, i) => i % 4 === 0).every((r) => r.status === 201)).toBe(true);
    expect(await balanceOf('hot')).toBe(0);
    expect(await balanceOf('cold-1')).toBe(375);
    expect(await balanceOf('cold-2')).toBe(375);
    // Grouped: far fewer transactions than commands.
    expect((await txIdsOf(responses)).length).toBeLessThan(responses.length / 4);
  });

  it('keeps every wallet stream contiguous and in commit order, and the projection equal to a replay of it', async () => {
    const streams = await pool.query<{ stream_id: string; versions: number[] }>(
      `SELECT stream_id, array_agg(stream_version ORDER BY tx_id, id) AS versions FROM ledger.events GROUP BY stream_id`,
    );
    expect(streams.rows.length).toBeGreaterThan(0);
    for (const { stream_id, versions } of streams.rows) {
      expect(versions).toEqual(versions.map((_, i) => i + 1));
      const events = await pool.query(`SELECT type, version, data FROM ledger.events WHERE stream_id = $1 ORDER BY stream_version`, [stream_id]);
      expect(await loadWallet(pool, stream_id)).toEqual(JSON.parse(JSON.stringify(snapshotOf(replay(stream_id, events.rows.map(upcastLedgerEvent))))));
    }
  });

  it('answers an idempotency key repeated inside one batch and across batches with the first response, and refuses other content', async () => {
    const executor = new WalletCommandExecutor(pool, { maxConcurrentBatches: 1 });
    const owner = userWallet('idem');
    const first = executor.execute(grantRequest(owner, 10)); // committing: the ones below queue into one batch
    const retries = Array.from({ length: 50 }, () => executor.execute(grantRequest(owner, 700, 'grant-once')));
    const reused = executor.execute(grantRequest(owner, 1, 'grant-once')).catch((error: unknown) => error);
    const other = executor.execute(grantRequest(userWallet('idem-other'), 1));
    await first;
    const responses = await Promise.all(retries);
    // One transaction: the repeats did not break the batch into single retries.
    expect(new Set(await txIdsOf([...responses, await other])).size).toBe(1);
    expect(responses.filter((r) => !r.replayed)).toHaveLength(1);
    expect(responses.every((r) => r.status === 201 && JSON.stringify(r.body) === JSON.stringify(responses[0].body))).toBe(true);
    expect(await reused).toBeInstanceOf(ProblemException);
    expect(await reused).toMatchObject({ status: 422 });

    const later = await executor.execute(grantRequest(owner, 700, 'grant-once'));
    expect(later).toEqual({ ...responses[0], replayed: true });
    expect(await eventCount('idem')).toBe(2);
    expect(await balanceOf('idem')).toBe(710);
  });

  it('stores a success as its events and wallet version, and rebuilds its response for a retry, after later changes too', async () => {
    const executor = new WalletCommandExecutor(pool);
    const owner = userWallet('answered');
    const stored = async (key: string) =>
      (await pool.query(`SELECT status, body, wallet_version FROM ledger.idempotency WHERE wallet_id = $1 AND key = $2`, [walletIdFor(owner), key])).rows[0];
    try {
      const granted = await executor.execute(grantRequest(owner, 10, 'answered-grant'));
      expect(await stored('answered-grant')).toEqual({ status: 201, body: { eventIds: (granted.body as { eventIds: string[] }).eventIds }, wallet_version: 1 });
      const refused = await executor.execute(spendRequest(owner, 50, 'answered-refusal'));
      expect(await stored('answered-refusal')).toEqual({ status: 409, body: refused.body, wallet_version: null });

      const sameResponse = (response: WalletCommandResponse, first: WalletCommandResponse) => {
        expect(response.replayed).toBe(true);
        expect([response.status, JSON.stringify(response.body)]).toEqual([first.status, JSON.stringify(first.body)]);
      };
      sameResponse(await executor.execute(grantRequest(owner, 10, 'answered-grant')), granted);
      // Later changes: the retry still answers with the balance right after the grant.
      await executor.execute(spendRequest(owner, 3));
      await executor.execute(grantRequest(owner, 5));
      sameResponse(await executor.execute(grantRequest(owner, 10, 'answered-grant')), granted);
      expect(granted.body).toMatchObject({ balance: '0.10' });
      sameResponse(await executor.execute(spendRequest(owner, 50, 'answered-refusal')), refused);
    } finally {
      await executor.close();
    }
  });

  /** An access check that refuses, after the facts it was given were read for its wallet and caller. */
  const forbidden = (reason: string): AccessCheck => ({
    callerId: 'someone',
    check: (facts) => {
      if (facts !== null) throw new Error('loc-1 has no location row in this database: its facts are null');
      throw Problems.forbidden(reason);
    },
  });

  it('refuses a command whose access check fails alone, and retries a batch broken by a database error one command at a time', async () => {
    const executor = new WalletCommandExecutor(pool, { maxConcurrentBatches: 1 });
    const first = executor.execute(grantRequest(userWallet('iso-0'), 1));
    const good = ['iso-1', 'iso-2', 'iso-3'].map((owner) => executor.execute(grantRequest(userWallet(owner), 5)));
    const refused = executor
      .execute({ ...grantRequest(userWallet('iso-4'), 5, 'refused-once'), access: forbidden('not an admin') })
      .catch((error: unknown) => error);
    const more = ['iso-5', 'iso-6'].map((owner) => executor.execute(grantRequest(userWallet(owner), 5)));
    await first;
    const together = await Promise.all([...good, ...more]);
    expect(await refused).toMatchObject({ status: 403 });
    expect(new Set(await txIdsOf(together)).size).toBe(1);
    // Nothing was stored for the refused command: the same key works once the check passes.
    const passes: AccessCheck = { callerId: 'someone', check: () => undefined };
    expect((await executor.execute({ ...grantRequest(userWallet('iso-4'), 5, 'refused-once'), access: passes })).status).toBe(201);

    // A retry of an answered key gets its stored answer even when the check fails by now (not `authorize`: see below).
    const answered = await executor.execute({ ...grantRequest(userWallet('iso-4'), 5, 'refused-once'), access: passes });
    const noLonger = forbidden('no longer an admin');
    expect(await executor.execute({ ...grantRequest(userWallet('iso-4'), 5, 'refused-once'), access: noLonger })).toEqual({ ...answered, replayed: true });
    expect(await executor.execute({ ...grantRequest(userWallet('iso-4'), 6, 'refused-once'), access: noLonger }).catch((e: unknown) => e)).toMatchObject({ status: 422 });

    const second = executor.execute(grantRequest(userWallet('db-0'), 1));
    const fine = ['db-1', 'db-2'].map((owner) => executor.execute(grantRequest(userWallet(owner), 5)));
    // A time PostgreSQL cannot read: the batch's write fails in the database.
    const broken = executor.execute(grantRequest(userWallet('db-3'), 5, undefined, 'not a time')).catch((error: unknown) => error);
    await second;
    expect((await Promise.all(fine)).map((r) => r.status)).toEqual([201, 201]);
    expect(await broken).toMatchObject({ code: '22007' }); // invalid_datetime_format, from its own transaction
    expect(await eventCount('db-3')).toBe(0);
    expect(await balanceOf('db-1')).toBe(5);
  });

  it('refuses a caller its authorize check refuses before looking at the key: one refusal for a used key, another body and an unused key', async () => {
    const executor = new WalletCommandExecutor(pool);
    const owner = userWallet('authorized');
    const as = (callerId: string): AccessCheck => ({ callerId, authorize: () => undefined });
    const stranger: AccessCheck = {
      callerId: 'stranger',
      authorize: () => {
        throw Problems.notFound('location loc-1 does not exist');
      },
    };
    const storedKeys = async () =>
      (await pool.query<{ key: string }>(`SELECT key FROM ledger.idempotency WHERE wallet_id = $1 ORDER BY key`, [walletIdFor(owner)])).rows.map((row) => row.key);
    try {
      const answered = await executor.execute({ ...grantRequest(owner, 5, 'authorized-once'), access: as('admin') });
      expect(answered.status).toBe(201);
      const refusals = await Promise.all(
        [grantRequest(owner, 5, 'authorized-once'), grantRequest(owner, 6, 'authorized-once'), grantRequest(owner, 5, 'never-used')].map((request) =>
          executor.execute({ ...request, access: stranger }).then(
            () => null,
            (error: ProblemException) => error.toProblem(),
          ),
        ),
      );
      expect(refusals).toEqual(Array(3).fill({ type: expect.stringMatching(/not-found$/), title: 'Not found', status: 404, detail: 'location loc-1 does not exist' }));
      expect(await storedKeys()).toEqual(['authorized-once']);

      // The caller who was answered gets the answer again; another one allowed to ask, with the same key and request, a 422.
      expect(await executor.execute({ ...grantRequest(owner, 5, 'authorized-once'), access: as('admin') })).toEqual({ ...answered, replayed: true });
      const otherAdmin = await executor.execute({ ...grantRequest(owner, 5, 'authorized-once'), access: as('another-admin') }).catch((error: unknown) => error);
      expect(otherAdmin).toMatchObject({ status: 422, code: 'idempotency-key-reused' });
      expect(await eventCount('authorized')).toBe(1);
    } finally {
      await executor.close();
    }
  });

  it('treats a wallet row as a snapshot: a lost or stale row is completed from the stream before deciding', async () => {
    const executor = new WalletCommandExecutor(pool);
    const [lost, stale] = [walletIdFor(userWallet('lost')), walletIdFor(userWallet('stale'))];
    await executor.execute(grantRequest(userWallet('lost'), 10));
    await executor.execute(spendRequest(userWallet('lost'), 4));
    await executor.execute(grantRequest(userWallet('stale'), 10));
    const snapshot = (await pool.query(`SELECT version, state FROM ledger.wallets WHERE wallet_id = $1`, [stale])).rows[0];
    await executor.execute(spendRequest(userWallet('stale'), 7));
    await pool.query(`DELETE FROM ledger.wallets WHERE wallet_id = $1`, [lost]);
    await pool.query(`UPDATE ledger.wallets SET version = $2, state = $3 WHERE wallet_id = $1`, [stale, snapshot.version, snapshot.state]);

    // Decided on the row alone, these would be version conflicts (or spend credits already spent).
    expect((await executor.execute(spendRequest(userWallet('lost'), 6))).status).toBe(201);
    expect((await executor.execute(spendRequest(userWallet('stale'), 4))).status).toBe(409);
    expect((await executor.execute(spendRequest(userWallet('stale'), 3))).status).toBe(201);
    expect(await balanceOf('lost')).toBe(0);
    expect(await balanceOf('stale')).toBe(0);
    expect((await loadWallet(pool, lost)).version).toBe(3);
  });

  /** Requests for any ledger command on `owner`'s wallet, keyed by their content. */
  const commandOn = (owner: WalletOwner) => (type: string, fields: object): WalletCommandRequest => ({
    owner,
    idempotencyKey: `${type}-${JSON.stringify(fields)}`,
    request: { type, ...fields },
    command: (id: string) => ({ type, walletId: id, now: new Date().toISOString(), actor: { type: 'system', id: 'test' }, reason: 'test', ...fields }) as LedgerCommand,
  });

  it('keeps spends and used deduction and refund ids out of the wallet row and reads those a command names from its events', async () => {
    const executor = new WalletCommandExecutor(pool);
    const owner = userWallet('spender');
    const walletId = walletIdFor(owner);
    const command = commandOn(owner);
    const purpose = { resourceType: 'room', reference: 'room-9' };
    await executor.execute(grantRequest(owner, 1000));
    expect((await executor.execute(command('SpendCredits', { spendId: 's-1', amount: 300, purpose }))).status).toBe(201);
    // Later batches: the row holds no spends, yet the spend is found.
    expect((await loadWallet(pool, walletId)).spends).toEqual({});
    expect((await executor.execute(command('SpendCredits', { spendId: 's-1', amount: 100, purpose }))).body).toMatchObject({
      type: expect.stringMatching(/duplicate-id$/),
    });
    expect((await executor.execute(command('RefundSpend', { refundId: 'r-1', spendId: 's-1', amount: 200 }))).status).toBe(201);
    // What is left to refund comes from the spend's refunds too.
    expect((await executor.execute(command('RefundSpend', { refundId: 'r-2', spendId: 's-1', amount: 200 }))).body).toMatchObject({
      type: expect.stringMatching(/refund-exceeds-spent$/),
      requested: '2.00',
      refundable: '1.00',
    });
    expect((await executor.execute(command('RefundSpend', { refundId: 'r-3', spendId: 's-1' }))).status).toBe(201);
    expect(await balanceOf('spender')).toBe(1000);
    expect((await executor.execute(command('DeductCredits', { deductionId: 'd-1', kind: 'any', amount: 100 }))).status).toBe(201);
    // Decided on the remembered row, the write collides (events_deducted_once); read, the id is found.
    expect((await executor.execute(command('DeductCredits', { deductionId: 'd-1', kind: 'any', amount: 50 }))).body).toMatchObject({
      type: expect.stringMatching(/duplicate-id$/),
    });
    expect((await executor.execute(command('SpendCredits', { spendId: 's-2', amount: 50, purpose }))).status).toBe(201);
    // A refund id used for another spend.
    expect((await executor.execute(command('RefundSpend', { refundId: 'r-1', spendId: 's-2' }))).body).toMatchObject({
      type: expect.stringMatching(/duplicate-id$/),
    });
    expect(await balanceOf('spender')).toBe(850);
    expect(await loadWallet(pool, walletId)).toMatchObject({ spends: {}, deductionIds: [], refundIds: [] });
  });

  it('keeps closed holds out of the wallet row and reads the one a command names from its events', async () => {
    const executor = new WalletCommandExecutor(pool);
    const owner = userWallet('booker');
    const walletId = walletIdFor(owner);
    const command = commandOn(owner);
    const hold = (holdId: string, amount: number) =>
      command('HoldCredits', { holdId, amount, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), purpose: { resourceType: 'room', reference: 'room-9' } });
    await executor.execute(grantRequest(owner, 1000));
    expect((await executor.execute(hold('h-1', 300))).status).toBe(201);
    expect((await executor.execute(hold('h-2', 100))).status).toBe(201);
    expect(Object.keys((await loadWallet(pool, walletId)).holds)).toEqual(['h-1', 'h-2']);
    expect((await executor.execute(command('CaptureHold', { holdId: 'h-1', amount: 200 }))).status).toBe(201);
    // Captured, the hold leaves the row; the open one stays.
    expect(Object.keys((await loadWallet(pool, walletId)).holds)).toEqual(['h-2']);
    // Not in the remembered row: read, the hold is found captured.
    expect((await executor.execute(command('ReleaseHold', { holdId: 'h-1' }))).body).toMatchObject({ type: expect.stringMatching(/hold-not-open$/) });
    // Decided on the remembered row, the write collides (events_held_once); read, the id is found.
    expect((await executor.execute(hold('h-1', 50))).body).toMatchObject({ type: expect.stringMatching(/duplicate-id$/) });
    // A refund of the captured hold: what it took comes from the hold's events.
    expect((await executor.execute(command('RefundSpend', { refundId: 'r-9', holdId: 'h-1', amount: 150 }))).status).toBe(201);
    expect((await executor.execute(command('RefundSpend', { refundId: 'r-10', holdId: 'h-1', amount: 100 }))).body).toMatchObject({
      type: expect.stringMatching(/refund-exceeds-spent$/),
      refundable: '0.50',
    });
    expect((await executor.execute(command('ReleaseHold', { holdId: 'h-2' }))).status).toBe(201);
    expect(await balanceOf('booker')).toBe(950);
    expect((await loadWallet(pool, walletId)).holds).toEqual({});
  });

  it('keeps expired lots out of the wallet row (unless an open hold reserved from them) and reads the grant a command names from its events', async () => {
    const executor = new WalletCommandExecutor(pool);
    const owner = userWallet('expirer');
    const walletId = walletIdFor(owner);
    const command = commandOn(owner);
    const inOneHour = new Date(Date.now() + 3_600_000).toISOString();
    const grantLot = (lotId: string, fields: object) => command('GrantCredits', { lotId, amount: 500, source: 'plan', kind: 'permanent', ...fields });
    const lotIds = async () => (await loadWallet(pool, walletId)).lots.map((lot) => lot.lotId);
    expect((await executor.execute(grantLot('lot-a', { kind: 'expiring', expiresAt: inOneHour, planPeriodId: 'p-1' }))).status).toBe(201);
    expect((await executor.execute(grantLot('lot-b', { amount: 100 }))).status).toBe(201);
    // Reserved from the expiring lot first (R7).
    const hold = { holdId: 'h-1', amount: 200, expiresAt: inOneHour, purpose: { resourceType: 'room', reference: 'room-9' } };
    expect((await executor.execute(command('HoldCredits', hold))).status).toBe(201);
    expect((await executor.execute(command('ExpireLots', { planPeriodId: 'p-1' }))).status).toBe(201);
    // Expired, but the open hold reserved from it: it stays until the hold closes.
    expect(await lotIds()).toEqual(['lot-a', 'lot-b']);
    expect((await executor.execute(command('ReleaseHold', { holdId: 'h-1' }))).status).toBe(201);
    expect(await lotIds()).toEqual(['lot-b']);
    // Decided on the remembered row, the write collides (events_granted_once); read, the grant is found.
    expect((await executor.execute(grantLot('lot-a', {}))).body).toMatchObject({ type: expect.stringMatching(/duplicate-id$/) });
    // An instance without the row in memory reads it, and the grant, first.
    const otherInstance = new WalletCommandExecutor(pool);
    try {
      expect((await otherInstance.execute(grantLot('lot-a', { amount: 1 }))).body).toMatchObject({ type: expect.stringMatching(/duplicate-id$/) });
    } finally {
      await otherInstance.close();
    }
    expect((await executor.execute(grantLot('lot-c', { amount: 1 }))).status).toBe(201);
    expect(await lotIds()).toEqual(['lot-b', 'lot-c']);
    expect(await balanceOf('expirer')).toBe(101);
    await executor.close();
  });

  it('keeps the notices of expired lots out of the wallet row and reads one back when a grant adds a lot of its key', async () => {
    const executor = new WalletCommandExecutor(pool);
    const owner = userWallet('noticed');
    const walletId = walletIdFor(owner);
    const command = commandOn(owner);
    const inOneHour = new Date(Date.now() + 3_600_000).toISOString();
    const grantOfPeriod = (lotId: string) => command('GrantCredits', { lotId, amount: 500, source: 'plan', kind: 'expiring', expiresAt: inOneHour, planPeriodId: 'p-9' });
    // Each with a lead of its own: a key of its own.
    const warn = (n: number) => command('WarnExpiringCredits', { owner, leadMs: 7_200_000 + n });
    const rowNotices = async () => (await pool.query<{ keys: string[] }>(`SELECT state->'expiryWarnings' AS keys FROM ledger.wallets WHERE wallet_id = $1`, [walletId])).rows[0].keys;
    const noticesGiven = async () =>
      (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger.events WHERE stream_id = $1 AND type = 'CreditsExpiringSoon'`, [walletId])).rows[0].n;

    expect((await executor.execute(grantOfPeriod('lot-1'))).status).toBe(201);
    expect((await executor.execute(warn(1))).status).toBe(201);
    expect(await noticesGiven()).toBe(1);
    expect(await rowNotices()).toEqual(['period:p-9']);
    expect((await executor.execute(command('ExpireLots', { planPeriodId: 'p-9' }))).status).toBe(201);
    // No lot of the period left: the row no longer carries its notice.
    expect(await rowNotices()).toEqual([]);
    // A late grant of the same period (allowed: it names a future expiry) reads the notice back,
    // though this instance remembers the row: the period was warned of once, and is not again.
    expect((await executor.execute(grantOfPeriod('lot-2'))).status).toBe(201);
    expect(await rowNotices()).toEqual(['period:p-9']);
    expect((await executor.execute(warn(2))).status).toBe(201);
    expect(await noticesGiven()).toBe(1);
    // An instance without the row in memory decides the same.
    const otherInstance = new WalletCommandExecutor(pool);
    try {
      expect((await otherInstance.execute(warn(3))).status).toBe(201);
    } finally {
      await otherInstance.close();
    }
    expect(await noticesGiven()).toBe(1);
    await executor.close();
  });

  const queued = (request: WalletCommandRequest): QueuedCommand => ({
    request,
    walletId: walletIdFor(request.owner),
    requestHash: requestFingerprint(request.access?.callerId ?? null, request.request),
    correlationId: 'test',
    causationId: null,
  });

  /** A client that runs `before` with each statement's name, then the statement. */
  const intercepting = (client: PoolClient, before: (name: string | undefined) => Promise<void> | void) =>
    ({
      query: async (config: { name?: string }) => {
        await before(config.name);
        return client.query(config as never);
      },
    }) as unknown as PoolClient;

  /**
   * Commits `request` alone in a batch that reads its wallet holding 10 credits, while another
   * instance runs `meanwhile` between the batch's read and its write; then the other instance runs
   * `request` again, now on what the wallet holds.
   */
  const raced = async (owner: WalletOwner, meanwhile: WalletCommandRequest, request: WalletCommandRequest) => {
    const otherInstance = new WalletCommandExecutor(pool);
    await otherInstance.execute(grantRequest(owner, 10));
    const client = await pool.connect();
    const racing = intercepting(client, async (name) => {
      if (name === 'ledger-write-batch') await otherInstance.execute(meanwhile);
    });
    try {
      const outcomes = await commitBatch(new PgWalletBatchStore(racing), [queued(request)], new WalletCommandCache(10), { locked: false });
      const stored = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger.idempotency WHERE key = $1`, [request.idempotencyKey]);
      const rerun = await otherInstance.execute(request);
      return { outcomes, answersStored: stored.rows[0].n, rerunStatus: rerun.status };
    } finally {
      client.release();
      await otherInstance.close();
    }
  };

  it('writes nothing of a batch whose wallet another instance changed after the batch read it', async () => {
    const owner = userWallet('raced');
    // Decided on the read (10 credits), the spend of 8 went through; the write refuses it whole,
    // and run again after the other instance spent 4, it is refused for lack of credits.
    const result = await raced(owner, spendRequest(owner, 4), spendRequest(owner, 8, 'raced-spend'));
    expect(result).toEqual({ outcomes: null, answersStored: 0, rerunStatus: 409 });
    expect(await balanceOf('raced')).toBe(6);
    expect(await eventCount('raced')).toBe(2);
  });

  it('stores no refusal decided on a wallet another instance changed after the batch read it', async () => {
    const owner = userWallet('raced-refusal');
    // Decided on the read (10 credits), the spend of 15 was refused; the write changes no wallet and
    // still refuses the batch; run again after the other instance granted 10 more, it goes through.
    const result = await raced(owner, grantRequest(owner, 10, 'raced-grant'), spendRequest(owner, 15, 'raced-refused-spend'));
    expect(result).toEqual({ outcomes: null, answersStored: 0, rerunStatus: 201 });
    expect(await balanceOf('raced-refusal')).toBe(5);
  });

  /** A client that records the names of the statements it runs. */
  const recording = (client: PoolClient, names: string[]) => intercepting(client, (name) => void names.push(name ?? ''));
  const spendOnce = (owner: WalletOwner, spendId: string, key: string): WalletCommandRequest => {
    const request = spendRequest(owner, 1, key);
    return { ...request, command: (walletId) => ({ ...request.command(walletId), spendId }) as LedgerCommand };
  };
  const epochNow = async () => (await pool.query<{ epoch: string }>(`SELECT epoch::text FROM ledger.cache_epoch`)).rows[0].epoch;

  it('commits a batch of remembered wallets with its write alone, which refuses an answered key, a used spend id and a moved wallet', async () => {
    const owner = userWallet('remembered');
    const cache = new WalletCommandCache(100);
    const client = await pool.connect();
    const commit = async (request: WalletCommandRequest, locked = false) => {
      const names: string[] = [];
      const outcomes = await commitBatch(new PgWalletBatchStore(recording(client, names)), [queued(request)], cache, { locked });
      return { names, outcome: outcomes?.[0] ?? null };
    };
    const otherInstance = new WalletCommandExecutor(pool);
    try {
      expect((await commit(grantRequest(owner, 10, 'remembered-grant'))).names).toEqual(['ledger-load-batch', 'ledger-write-batch']);
      const spent = await commit(spendOnce(owner, 'spent-once', 'remembered-spend'));
      expect(spent.names).toEqual(['ledger-write-batch']);
      expect(spent.outcome).toMatchObject({ ok: true, response: { status: 201, body: { balance: '0.09' } } });

      // An answered key: the write collides, writes nothing; read first, the batch gets the stored answer.
      expect(await commit(grantRequest(owner, 10, 'remembered-grant'))).toEqual({ names: ['ledger-write-batch'], outcome: null });
      expect((await commit(grantRequest(owner, 10, 'remembered-grant'), true)).outcome).toMatchObject({ ok: true, response: { status: 201, replayed: true } });
      // A used spend id under a new key: the same, and the read finds the spend.
      expect(await commit(spendOnce(owner, 'spent-once', 'remembered-spend-again'))).toEqual({ names: ['ledger-write-batch'], outcome: null });
      expect((await commit(spendOnce(owner, 'spent-once', 'remembered-spend-again'), true)).outcome).toMatchObject({
        ok: true,
        response: { status: 409, body: { type: expect.stringMatching(/duplicate-id$/) } },
      });
      expect(await eventCount('remembered')).toBe(2);

      // Another instance spends: the remembered version is stale, the write refuses, the wallet is read again.
      await otherInstance.execute(spendRequest(owner, 5));
      expect(await commit(spendRequest(owner, 4))).toEqual({ names: ['ledger-write-batch'], outcome: null });
      const reread = await commit(spendRequest(owner, 4));
      expect(reread.names).toEqual(['ledger-load-batch', 'ledger-write-batch']);
      expect(reread.outcome).toMatchObject({ ok: true, response: { status: 201, body: { balance: '0.00' } } });
      expect(await balanceOf('remembered')).toBe(0);
    } finally {
      client.release();
      await otherInstance.close();
    }
  });

  it('commits a locked batch when the membership projection changes between its read and its write, and still checks remembered facts after', async () => {
    await pool.query(`INSERT INTO ledger.locations (location_id, currency, credits_enabled) VALUES ('loc-race', 'EUR', true)`);
    await pool.query(`INSERT INTO ledger.members (location_id, user_id, role, active) VALUES ('loc-race', 'racer', 'member', true)`);
    const owner = userWallet('racer', 'loc-race');
    const spender: AccessCheck = { callerId: null, check: (facts) => requireSpender(facts, owner) };
    const cache = new WalletCommandCache(10);
    const otherMember = async () => {
      await pool.query(`INSERT INTO ledger.members (location_id, user_id, role, active) VALUES ('loc-race', $1, 'member', true)`, [`m-${Date.now()}-${Math.random()}`]);
    };
    // Membership events applied by the ledger's consumer move the epoch between the batch's read and its write.
    const locked = (request: WalletCommandRequest) =>
      withTransaction(pool, async (client) => {
        const store = new PgWalletBatchStore(intercepting(client, (name) => (name === 'ledger-write-batch' ? otherMember() : undefined)));
        await lockBatch(store, [queued(request)]);
        return commitBatch(store, [queued(request)], cache, { locked: true });
      });
    expect(await locked({ ...grantRequest(owner, 10, 'race-grant'), access: spender })).toMatchObject([{ ok: true, response: { status: 201 } }]);
    expect(await locked({ ...spendRequest(owner, 3, 'race-spend'), access: spender })).toMatchObject([{ ok: true, response: { status: 201 } }]);
    const remaining = async () => (await loadWallet(pool, walletIdFor(owner))).lots.reduce((sum, lot) => sum + lot.remaining, 0);
    expect(await remaining()).toBe(7);
    // What the cache remembered from those reads is of an older epoch: a batch from it writes nothing.
    const client = await pool.connect();
    try {
      expect(await commitBatch(new PgWalletBatchStore(client), [queued({ ...spendRequest(owner, 1), access: spender })], cache, { locked: false })).toBeNull();
    } finally {
      client.release();
    }
    expect(await remaining()).toBe(7);
  });

  it('forgets everything when the epoch moves: a member who left is refused, a wallet row put right by a rebuild is read again', async () => {
    await pool.query(`INSERT INTO ledger.locations (location_id, currency, credits_enabled) VALUES ('loc-epoch', 'EUR', true)`);
    await pool.query(`INSERT INTO ledger.members (location_id, user_id, role, active) VALUES ('loc-epoch', 'leaver', 'member', true)`);
    const owner = userWallet('leaver', 'loc-epoch');
    const spender: AccessCheck = { callerId: null, check: (facts) => requireSpender(facts, owner) };
    const executor = new WalletCommandExecutor(pool);
    try {
      expect((await executor.execute({ ...grantRequest(owner, 10), access: spender })).status).toBe(201);
      expect((await executor.execute({ ...spendRequest(owner, 1), access: spender })).status).toBe(201);
      // Any write to the membership projection moves the epoch.
      const before = await epochNow();
      await pool.query(`UPDATE ledger.members SET active = false WHERE location_id = 'loc-epoch' AND user_id = 'leaver'`);
      expect(BigInt(await epochNow())).toBeGreaterThan(BigInt(before));
      await expect(executor.execute({ ...spendRequest(owner, 1), access: spender })).rejects.toMatchObject({ status: 409 });

      // A rebuild swap puts a row right without changing its version, and moves the epoch as this does.
      const walletId = walletIdFor(owner);
      await pool.query(`UPDATE ledger.wallets SET state = jsonb_set(state::jsonb, '{lots,0,remaining}', '2')::json WHERE wallet_id = $1`, [walletId]);
      await pool.query(`UPDATE ledger.cache_epoch SET epoch = epoch + 1`);
      expect((await executor.execute(spendRequest(owner, 3))).body).toMatchObject({ type: expect.stringMatching(/insufficient-credits$/), available: '0.02' });
    } finally {
      await executor.close();
    }
  });

  it('two instances spending from one wallet at once: exactly the balance is spent, each stream stays contiguous', async () => {
    const owner = userWallet('shared');
    const instances = [new WalletCommandExecutor(pool), new WalletCommandExecutor(pool)];
    await instances[0].execute(grantRequest(owner, 100));
    const responses = await Promise.all(
      Array.from({ length: 400 }, (_, i) => instances[i % 2].execute(spendRequest(i % 5 === 0 ? userWallet(`shared-${i % 3}`) : owner, 1))),
    );
    await Promise.all(instances.map((instance) => instance.close()));
    const onShared = responses.filter((_, i) => i % 5 !== 0);
    expect(onShared.filter((r) => r.status === 201)).toHaveLength(100);
    expect(onShared.filter((r) => r.status === 409)).toHaveLength(220);
    expect(await balanceOf('shared')).toBe(0);
    const versions = await pool.query<{ versions: number[] }>(
      `SELECT array_agg(stream_version ORDER BY tx_id, id) AS versions FROM ledger.events WHERE stream_id = $1`,
      [walletIdFor(owner)],
    );
    expect(versions.rows[0].versions).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
  });
});

