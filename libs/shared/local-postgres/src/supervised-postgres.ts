import type { JsonLogger } from '@credits/platform';
import { startLocalPostgres, type LocalPostgres } from './local-postgres';
import { type Service, sleep } from './process';

/**
 * The embedded PostgreSQL, started again on the same directory and port whenever it exits on its
 * own (a crash, an OOM kill, an operator's kill), so the services' URL stays valid: meanwhile they
 * answer 503 and their workers retry, then reconnect. Only `stop()` ends it for good.
 */
export async function superviseLocalPostgres(dir: string, port: number, logger: JsonLogger): Promise<Service> {
  const start = (onPort: number) => startLocalPostgres(dir, { port: onPort, durable: true, stopOnSignals: false });
  let current: LocalPostgres = await start(port);
  let stopping = false;
  let restarting: Promise<void> | null = null;

  const restart = async (how: string): Promise<void> => {
    logger.write('error', `PostgreSQL exited (${how}); starting it again`);
    // A server that was killed may leave backends behind for a moment that keep the new one from starting.
    for (let attempt = 1; !stopping; attempt++) {
      try {
        current = await start(current.port);
        watch(current);
        logger.write('info', `PostgreSQL is back: ${current.describe}`);
        return;
      } catch (error) {
        logger.write('error', 'PostgreSQL did not start, trying again', { attempt, error: String(error) });
        await sleep(Math.min(250 * 2 ** attempt, 5000));
      }
    }
  };
  const watch = (server: LocalPostgres) =>
    void server.exited.then((how) => {
      if (!stopping) restarting = restart(how).finally(() => (restarting = null));
    });
  watch(current);

  return {
    url: current.url,
    describe: current.describe,
    stop: async () => {
      stopping = true;
      await restarting;
      await current.stop();
    },
  };
}
