import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const BIN_DIR = resolve(__dirname, '../../bin'); // tools/bin, git-ignored

/**
 * A Go tool built with `go install <module>@<version>` into tools/bin once per version (a new pinned
 * version is rebuilt; later runs reuse the binary). Returns the binary's path.
 */
export async function goInstallCached(tool: { module: string; version: string; binary: string; hint: string }, log: (m: string) => void): Promise<string> {
  const binary = join(BIN_DIR, tool.binary);
  const versionFile = `${binary}.version`;
  const cached = existsSync(binary) && existsSync(versionFile) && readFileSync(versionFile, 'utf8').trim() === tool.version;
  if (cached) return binary;
  log(`${tool.binary}: building ${tool.version} with go install into ${BIN_DIR} (once)`);
  // Build into a private dir and rename, so a concurrent run never starts half a binary.
  const tmp = join(BIN_DIR, `.${tool.binary}-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  try {
    await run('go', ['install', `${tool.module}@${tool.version}`], { env: { ...process.env, GOBIN: tmp }, maxBuffer: 16 * 1024 * 1024 });
    renameSync(join(tmp, tool.binary), binary);
    writeFileSync(versionFile, `${tool.version}\n`);
  } catch (error) {
    const e = error as Error & { stderr?: string };
    throw new Error(`go install could not build ${tool.binary} (is Go installed? ${tool.hint}): ${e.message}\n${e.stderr ?? ''}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return binary;
}
