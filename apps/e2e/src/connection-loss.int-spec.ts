import { Topics, walletIdFor } from '@credits/contracts';
import { freePort, startLocalKafka, startPostgresProcess, type PostgresProcess } from '@credits/test-infra';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { readTopicFromStart } from './support/raw-topic-reader';
import { apiClient, eventually, startSystemUnderTest, tokenFor, type ApiResponse, type SystemUnderTest } from './support/system-under-test';

type RunningKafka = Awaited<ReturnType<typeof startLocalKafka>>;

/** Polls readiness of every url until each answers `status`; returns how long that took (ms), or fails after `timeoutMs`. */
async function untilReadiness(urls: string[], status: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const answers = await Promise.all(
      urls.map((url) => fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(3000) }).then((r) => r.status, () => 0)),
    );
    if (answers.every((answer) => answer === status)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`readiness not ${status} after ${timeoutMs} ms: ${urls.map((u, i) => `${u} ${answers[i]}`).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Ledger and membership as separate processes on a PostgreSQL and a Kafka broker of this test's own,
 * which it terminates, stops and starts again: the processes stay up, answer 503 problem+json while
 * a dependency is away, are ready again soon after it returns, and lose or duplicate nothing.
 */
describe('losing PostgreSQL and Kafka (distributed mode)', () => {
  const root = mkdtempSync(join(tmpdir(), 'credits-connection-loss-'));
  chmodSync(root, 0o755); // embedded PostgreSQL runs as the `postgres` user
  const pgDir = join(root, 'postgres');
  const kafkaDir = join(root, 'kafka');
  let postgres: PostgresProcess;
  let kafka: RunningKafka;
  let kafkaPorts: { port: number; controllerPort: number };
  let system: SystemUnderTest;
  let api: ReturnType<typeof apiClient>;
  let locationId: string;
  const operator = tokenFor('op-1', ['operator']);
  const alice = tokenFor('alice');
  const serviceUrls = () => [system.ledgerUrl, system.membershipUrl, system.gatewayUrl];

  const sql = async <T extends object>(text: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: postgres.url });
    await client.connect();
    try {
      return (await client.query<T>(text, params)).rows;
    } finally {
      await client.end();
    }
  };
  const grant = (userId: string, key: string, amount = '1.00'): Promise<ApiResponse> =>
    api('POST', `/v1/locations/${locationId}/users/${userId}/credits/grants`, {
      token: alice,
      headers: { 'idempotency-key': key },
      body: { amount, kind: 'permanent', reason: 'connection loss test' },
    });
  const addMember = (userId: string) => api('POST', `/v1/locations/${locationId}/members`, { token: alice, body: { userId, role: 'member' } });
  const walletOf = (userId: string) => walletIdFor({ locationId, ownerType: 'user', ownerId: userId });
  /** the sessions holding the workers' advisory locks: two relays and two schedulers */
  const lockHolders = async () => (await sql<{ pid: number }>(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted`)).map((r) => r.pid);
  const expectAlive = () => expect(system.services.map((s) => [s.name, s.child.exitCode, s.child.signalCode])).toEqual(system.services.map((s) => [s.name, null, null]));

  beforeAll(async () => {
    kafkaPorts = { port: await freePort(), controllerPort: await freePort() };
    [postgres, kafka] = await Promise.all([startPostgresProcess(pgDir), startLocalKafka(kafkaDir, () => undefined, kafkaPorts)]);
    const own = { DATABASE_URL: postgres.url, KAFKA_BROKERS: kafka.brokers };
    system = await startSystemUnderTest('connection-loss', { ledger: own, membership: own });
    api = apiClient(system.gatewayUrl);
    const location = await api('POST', '/v1/locations', { token: operator, body: { name: 'Resilient', currency: 'EUR', timezone: 'Europe/Berlin' } });
    expect(location.status).toBe(201);
    locationId = location.body.id;
    expect((await api('POST', `/v1/locations/${locationId}/members`, { token: operator, body: { userId: 'alice', role: 'admin' } })).status).toBe(201);
    for (const userId of ['bob', 'dave', 'erin']) expect((await addMember(userId)).status).toBe(201);
    expect((await api('PATCH', `/v1/locations/${locationId}/settings`, { token: alice, body: { creditsEnabled: true } })).status).toBe(200);
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
    await Promise.all([postgres?.stop(), kafka?.stop()]);
    rmSync(root, { recursive: true, force: true });
  });

  it('survives every backend terminated and a PostgreSQL restart: 503 problem+json meanwhile, ready again, nothing written twice', async () => {
    expect((await grant('bob', 'before-terminate')).status).toBe(201);
    await eventually(lockHolders, (pids) => pids.length === 4);

    // Every session of the services: pools, the relays' and schedulers' lock sessions, the executor's.
    const terminated = await sql<{ pid: number }>(
      `SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    const holdersAgain = await eventually(lockHolders, (pids) => pids.length === 4 && pids.every((pid) => !terminated.some((t) => t.pid === pid)));
    expect(holdersAgain).toHaveLength(4);
    expectAlive();
    await untilReadiness(serviceUrls(), 200, 15_000);
    expect((await grant('bob', 'after-terminate')).status).toBe(201);

    await postgres.stop();
    await untilReadiness(serviceUrls(), 503, 15_000);
    const refused = await grant('bob', 'during-outage', '5.00');
    const refusedMember = await addMember('frank');
    for (const answer of [refused, refusedMember]) {
      expect(answer.status).toBe(503);
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.headers.get('retry-after')).toBe('5');
      // No internal address or port in what a client sees.
      expect(JSON.stringify(answer.body)).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED|:\d{4,5}\b/);
    }
    expectAlive();

    postgres = await startPostgresProcess(pgDir, postgres.port);
    const readyAfterMs = await untilReadiness(serviceUrls(), 200, 15_000);
    console.log(`ready ${readyAfterMs} ms after PostgreSQL was back`);
    expectAlive();

    // The request refused during the outage wrote nothing: its key is unused, not a replay.
    const retried = await grant('bob', 'during-outage', '5.00');
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect((await grant('bob', 'after-restart')).status).toBe(201);
    // Membership's relay and the ledger's consumer reconnected: a member added now can be granted credits.
    expect((await addMember('frank')).status).toBe(201);
    expect((await eventually(() => grant('frank', 'frank-after-restart'), (answer) => answer.status === 201)).status).toBe(201);

    const events = await sql<{ event_id: string; type: string }>(`SELECT event_id, type FROM ledger.events WHERE stream_id = $1 ORDER BY stream_version`, [walletOf('bob')]);
    expect(events.map((e) => e.type)).toEqual(['CreditsGranted', 'CreditsGranted', 'CreditsGranted', 'CreditsGranted']);
    expect((await api('GET', `/v1/locations/${locationId}/users/bob/credits`, { token: tokenFor('bob') })).body.balance).toBe('8.00');
    // The ledger's relay reconnected too: every stored event reaches a raw consumer of the topic.
    const stored = (await sql<{ event_id: string }>(`SELECT event_id FROM ledger.events`)).map((e) => e.event_id);
    const seen = await readTopicFromStart(`${system.namespace}${Topics.ledger}`, (messages) => stored.every((id) => messages.some((m) => m.headers.ce_id === id)), [kafka.brokers]);
    expect(new Set(seen.map((m) => m.headers.ce_id))).toEqual(new Set(stored));
  });

  it('relays every event, in order per wallet, across a Kafka broker restart under a stream of grants', async () => {
    const wallets = ['bob', 'dave', 'erin'];
    const answers: number[] = [];
    let streaming = true;
    let kafkaBackAt = 0;
    const stream = Promise.all(
      wallets.map(async (userId) => {
        for (let i = 0; streaming; i++) answers.push((await grant(userId, `stream-${userId}-${i}`)).status);
      }),
    );
    const granted = (n: number) => eventually(async () => answers.length, (count) => count >= n);
    try {
      await granted(15);
      await kafka.stop();
      await untilReadiness([system.ledgerUrl, system.membershipUrl], 503, 15_000);
      await granted(answers.length + 30);
      kafka = await startLocalKafka(kafkaDir, () => undefined, kafkaPorts);
      kafkaBackAt = Date.now();
      const readyAfterMs = await untilReadiness(serviceUrls(), 200, 15_000);
      console.log(`ready ${readyAfterMs} ms after Kafka was back`);
      await granted(answers.length + 15);
    } finally {
      streaming = false;
      await stream;
    }
    expectAlive();
    // Grants need no broker: the outbox (event store) keeps them until the relay can publish.
    expect(answers.filter((status) => status !== 201)).toEqual([]);

    const stored = await sql<{ event_id: string; stream_id: string }>(
      `SELECT event_id, stream_id FROM ledger.events WHERE stream_id = ANY($1) ORDER BY stream_id, stream_version`,
      [wallets.map(walletOf)],
    );
    expect(stored.length).toBeGreaterThanOrEqual(60);
    const seen = await readTopicFromStart(`${system.namespace}${Topics.ledger}`, (messages) => stored.every((e) => messages.some((m) => m.headers.ce_id === e.event_id)), [
      kafka.brokers,
    ]);
    // At least once: a batch in flight when the broker went away may come twice; first deliveries keep each wallet's order.
    const firstDeliveries = seen.filter((m, index) => seen.findIndex((other) => other.headers.ce_id === m.headers.ce_id) === index);
    for (const walletId of wallets.map(walletOf)) {
      expect(firstDeliveries.filter((m) => m.key === walletId).map((m) => m.headers.ce_id)).toEqual(stored.filter((e) => e.stream_id === walletId).map((e) => e.event_id));
    }
    // The ledger's consumer of membership events is back as well. It rejoins its group once the member
    // the broker remembers from before times out, so read-your-writes may still answer 503 (retry later) here.
    const added = await addMember('gus');
    expect([201, 503]).toContain(added.status);
    expect((await eventually(() => grant('gus', 'gus-after-kafka-restart'), (answer) => answer.status === 201)).status).toBe(201);
    console.log(`a membership change applied by the ledger ${Date.now() - kafkaBackAt} ms after Kafka was back`);
  });
});
