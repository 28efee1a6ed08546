import { sign } from 'jsonwebtoken';
import { BENCH_JWT_SECRET } from './system';

export const tokenFor = (sub: string, roles: string[] = []) => sign({ sub, roles }, BENCH_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });

export interface Wallets {
  readonly locationId: string;
  readonly adminToken: string;
  /** one per wallet: the member's id and own token */
  readonly members: ReadonlyArray<{ readonly userId: string; readonly token: string }>;
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/**
 * Through the public API, as an app would: a location with credits on, an admin, and `count`
 * members, each granted `credits` (so that no deduction of the run can be refused).
 */
export async function prepareWallets(gatewayUrl: string, count: number, credits: string): Promise<Wallets> {
  const call = async (method: string, path: string, token: string, body?: object, headers: Record<string, string> = {}): Promise<unknown> => {
    const response = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const operator = tokenFor('bench-operator', ['operator']);
  const adminToken = tokenFor('bench-admin');
  const { id: locationId } = (await call('POST', '/v1/locations', operator, { name: 'Bench', currency: 'EUR', timezone: 'Europe/Berlin' })) as { id: string };
  await call('POST', `/v1/locations/${locationId}/members`, operator, { userId: 'bench-admin', role: 'admin' });
  await call('PATCH', `/v1/locations/${locationId}/settings`, adminToken, { creditsEnabled: true });
  const members = Array.from({ length: count }, (_, index) => {
    const userId = `bench-user-${String(index).padStart(3, '0')}`;
    return { userId, token: tokenFor(userId) };
  });
  // Grants race the membership changes of other members on purpose: the ledger must take both (it
  // once answered 500 "a wallet changed while its lock was held" here).
  await inParallel(members, 8, async ({ userId }) => {
    await call('POST', `/v1/locations/${locationId}/members`, adminToken, { userId, role: 'member' });
    await call('POST', `/v1/locations/${locationId}/users/${userId}/credits/grants`, adminToken, { amount: credits, kind: 'permanent', reason: 'bench funding' }, { 'idempotency-key': `fund-${userId}` });
  });
  return { locationId, adminToken, members };
}
