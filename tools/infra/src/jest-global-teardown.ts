// Jest globalTeardown: stops what the global setup provisioned (nothing when it skipped).
import type { Infra } from './provision';
import { INFRA_HANDLE } from './jest-global-setup';

export default async function globalTeardown(): Promise<void> {
  const handle = globalThis as Record<string, unknown>;
  const infra = handle[INFRA_HANDLE] as Infra | undefined;
  delete handle[INFRA_HANDLE];
  await infra?.stop();
}
