import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const eslintBin = join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');

/** Lints `code` as if it were `file` with the project's real config (the CLI, as `npm run lint` does). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const linting = run(process.execPath, [eslintBin, '--stdin', '--stdin-filename', join(root, file), '--format', 'json'], { cwd: root });
  linting.child.stdin!.end(code);
  // eslint exits 1 when it found errors; the JSON report is on stdout either way.
  const { stdout } = await linting.catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  const [result] = JSON.parse(stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

/** Proves the boundary rules bite: the same import is refused or allowed depending on the project. */
describe('module boundaries (eslint @nx/enforce-module-boundaries)', () => {
  beforeAll(async () => {
    // The rule reads the cached project graph; computing it is what `npm run lint` does first.
    await run(process.execPath, [join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'show', 'projects'], { cwd: root, env: { ...process.env, NX_DAEMON: 'false' } });
  }, 120000);

  it.each([
    ["import { Injectable } from '@nestjs/common';", '@nestjs/common'],
    ["import { DataSource } from 'typeorm';", 'typeorm'],
    ["import { Pool } from 'pg';", 'pg'],
    ["import { Kafka } from 'kafkajs';", 'kafkajs'],
  ])('refuses %s in a domain lib', async (code, pkg) => {
    const errors = await boundaryErrors('libs/ledger/domain/src/probe.ts', `${code}\nexport const probe = 1;\n`);
    expect(errors.join('\n')).toContain(pkg);
  }, 60000);

  it('allows the same framework import in an application lib', async () => {
    expect(await boundaryErrors('libs/ledger/service/src/probe.ts', "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n")).toEqual([]);
  }, 60000);

  it('refuses the test infrastructure in production code (the embedded entry, a service lib), allows it in tests', async () => {
    const code = "import { createTestDatabase } from '@credits/test-infra';\nexport const probe = createTestDatabase;\n";
    expect((await boundaryErrors('apps/embedded/src/probe.ts', code)).join('\n')).toMatch(/can only depend on libs tagged/);
    expect((await boundaryErrors('libs/ledger/service/src/probe.ts', code)).join('\n')).toMatch(/can only depend on libs tagged/);
    expect(await boundaryErrors('libs/ledger/service/src/probe.int-spec.ts', code)).toEqual([]);
    expect(await boundaryErrors('apps/embedded/src/probe.ts', "import { superviseLocalPostgres } from '@credits/local-postgres';\nexport const probe = superviseLocalPostgres;\n")).toEqual([]);
  }, 60000);

  it('refuses a domain lib depending on an application lib, and one service on another', async () => {
    expect(await boundaryErrors('libs/ledger/domain/src/probe.ts', "import { createLedgerApp } from '@credits/ledger-service';\nexport const probe = createLedgerApp;\n")).not.toEqual([]);
    expect(await boundaryErrors('libs/membership/service/src/probe.ts', "import { decide } from '@credits/ledger-domain';\nexport const probe = decide;\n")).not.toEqual([]);
  }, 60000);
});
