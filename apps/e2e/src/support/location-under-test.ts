import { apiClient, startSystemUnderTest, tokenFor, type AppEnvironment, type ApiResponse, type RequestOptions, type SystemUnderTest } from './system-under-test';

export interface LocationUnderTest {
  /** the operator, who creates locations */
  readonly operator: string;
  /** the location's admin, `alice` */
  readonly alice: string;
  /** the gateway; usable once the spec's beforeAll runs */
  readonly api: ReturnType<typeof apiClient>;
  /** a path inside the location: at('/bookings') */
  at(path: string): string;
  readonly system: SystemUnderTest;
  readonly locationId: string;
}

/**
 * The whole system for one spec file, started in beforeAll and stopped in afterAll, with a location
 * "Mitte" (EUR, Europe/Berlin): `alice` its admin (added by the operator), `members` added by her,
 * credits switched on. Call it inside the spec's describe, before its own beforeAll.
 */
export function useLocationUnderTest(name: string, members: readonly string[], environment: AppEnvironment = {}): LocationUnderTest {
  const operator = tokenFor('op-1', ['operator']);
  const alice = tokenFor('alice');
  let started: { system: SystemUnderTest; api: ReturnType<typeof apiClient>; locationId: string } | undefined;
  const ready = () => {
    if (!started) throw new Error(`${name}: the system is not started (use it in a test or a beforeAll after useLocationUnderTest)`);
    return started;
  };

  beforeAll(async () => {
    const system = await startSystemUnderTest(name, environment);
    const api = apiClient(system.gatewayUrl);
    const location = await api('POST', '/v1/locations', { token: operator, body: { name: 'Mitte', currency: 'EUR', timezone: 'Europe/Berlin' } });
    expect(location.status).toBe(201);
    const at = (path: string) => `/v1/locations/${location.body.id}${path}`;
    expect((await api('POST', at('/members'), { token: operator, body: { userId: 'alice', role: 'admin' } })).status).toBe(201);
    for (const userId of members) expect((await api('POST', at('/members'), { token: alice, body: { userId, role: 'member' } })).status).toBe(201);
    expect((await api('PATCH', at('/settings'), { token: alice, body: { creditsEnabled: true } })).status).toBe(200);
    started = { system, api, locationId: location.body.id };
  });

  afterAll(async () => {
    await started?.system.stop();
  });

  return {
    operator,
    alice,
    api: (method: string, path: string, options?: RequestOptions): Promise<ApiResponse> => ready().api(method, path, options),
    at: (path: string) => `/v1/locations/${ready().locationId}${path}`,
    get system() {
      return ready().system;
    },
    get locationId() {
      return ready().locationId;
    },
  };
}
