import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { goInstallCached } from './go-install';

const run = promisify(execFile);

/** The kustomize release the deployment tests render k8s/ with. */
export const KUSTOMIZE_VERSION = 'v5.7.1';

/** kustomize, built once per version into tools/bin (git-ignored). */
export function ensureKustomize(log: (m: string) => void = () => undefined): Promise<string> {
  return goInstallCached({ module: 'sigs.k8s.io/kustomize/kustomize/v5', version: KUSTOMIZE_VERSION, binary: 'kustomize', hint: 'it renders k8s/' }, log);
}

/** `kustomize build <dir>`: the rendered multi-document YAML. */
export async function kustomizeBuild(dir: string): Promise<string> {
  const { stdout } = await run(await ensureKustomize(), ['build', dir], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}
