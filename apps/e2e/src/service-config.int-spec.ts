import { spawnApp } from './support/system-under-test';

/** Each service validates its configuration at boot and fails fast with a message naming it. */
describe('service configuration', () => {
  it.each([
    ['ledger', {}, ['DATABASE_URL is required', 'KAFKA_BROKERS is required']],
    ['membership', { DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'localhost:9092', PORT: '99999' }, ['DATABASE_URL must be a postgres: or postgresql: URL', 'PORT must be a TCP port']],
    ['api-gateway', { JWT_SECRET: 'short' }, ['JWT_SECRET must be at least 32 characters']],
  ])('%s refuses to start with bad configuration', async (app, env, messages) => {
    const cleared = { DATABASE_URL: '', KAFKA_BROKERS: '', JWT_SECRET: '', PORT: '' };
    const service = spawnApp(app, { ...cleared, ...env });
    const code = await new Promise<number | null>((resolve) => service.child.once('exit', resolve));
    expect(code).toBe(1);
    const output = service.output.join('');
    for (const message of messages) expect(output).toContain(message);
  });
});
