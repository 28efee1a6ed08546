import { spawn } from 'node:child_process';
import { goInstallCached } from './go-install';
import { type Service, freePort, onProcessExit, sleep } from './util';

/** The stripe-mock release the tests run against (its bundled OpenAPI spec is Stripe's of that day). */
export const STRIPE_MOCK_VERSION = 'v0.203.0';
export const STRIPE_MOCK_IMAGE = `stripe/stripe-mock:${STRIPE_MOCK_VERSION}`;

/** Builds stripe-mock with `go install` into tools/bin once per version (later runs reuse it). */
export function ensureStripeMock(log: (m: string) => void): Promise<string> {
  return goInstallCached({ module: 'github.com/stripe/stripe-mock', version: STRIPE_MOCK_VERSION, binary: 'stripe-mock', hint: 'or set STRIPE_API_BASE' }, log);
}

/** Waits until stripe-mock answers an API call (any HTTP answer: it is listening and has loaded its spec). */
export async function waitForStripeMock(apiBase: string, timeoutMs: number, failure: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    const failed = failure();
    if (failed) throw new Error(failed);
    try {
      await fetch(`${apiBase}/v1/balance`, { headers: { authorization: 'Bearer sk_test_ready' }, signal: AbortSignal.timeout(2000) });
      return;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`stripe-mock on ${apiBase} not ready after ${timeoutMs} ms (last error: ${lastError})`);
}

/** stripe-mock (stateless Stripe API fixtures, no webhooks) on a free 127.0.0.1 port. */
export async function startLocalStripeMock(log: (m: string) => void): Promise<Service> {
  const binary = await ensureStripeMock(log);
  const [port, httpsPort] = [await freePort(), await freePort()];
  // Without an HTTPS address it would also take its default 12112, which concurrent runs share.
  const child = spawn(binary, ['-http-addr', `127.0.0.1:${port}`, '-https-addr', `127.0.0.1:${httpsPort}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const output: string[] = [];
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exited = `exit code ${code ?? signal}`;
      resolveExit();
    });
    child.once('error', (error) => {
      exited = `could not run ${binary}: ${error.message}`;
      resolveExit();
    });
  });
  const kill = (signal: NodeJS.Signals) => {
    if (!exited) child.kill(signal);
  };
  const removeExitHook = onProcessExit(() => kill('SIGTERM'));
  const stop = async () => {
    removeExitHook();
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 5000);
    await exitPromise;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForStripeMock(url, 30_000, () => (exited ? `stripe-mock exited (${exited}): ${output.join('').slice(-2000)}` : undefined));
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, describe: `stripe-mock ${STRIPE_MOCK_VERSION} (go install, ${binary}) on ${url}`, stop };
}
