import { ESLint } from 'eslint';
import { join } from 'node:path';

/** Proves the boundary rules bite: lint the same import from files in different projects. */
describe('module boundaries (eslint @nx/enforce-module-boundaries)', () => {
  const root = join(__dirname, '..', '..');
  const eslint = new ESLint({ cwd: root });

  async function boundaryErrors(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
  }

  it.each([
    ["import { Injectable } from '@nestjs/common';", '@nestjs/common'],
    ["import { DataSource } from 'typeorm';", 'typeorm'],
    ["import { Pool } from 'pg';", 'pg'],
    ["import { Kafka } from 'kafkajs';", 'kafkajs'],
  ])('refuses %s in a domain lib', async (code, pkg) => {
    const errors = await boundaryErrors('libs/ledger/domain/src/probe.ts', `${code}\nexport const probe = 1;\n`);
    expect(errors.join('\n')).toContain(pkg);
  });

  it('allows the same framework import in an application lib', async () => {
    expect(await boundaryErrors('libs/ledger/service/src/probe.ts', "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n")).toEqual([]);
  });

  it('refuses a domain lib depending on an application lib, and one service on another', async () => {
    expect(await boundaryErrors('libs/ledger/domain/src/probe.ts', "import { createLedgerApp } from '@credits/ledger-service';\nexport const probe = createLedgerApp;\n")).not.toEqual([]);
    expect(await boundaryErrors('libs/membership/service/src/probe.ts', "import { decide } from '@credits/ledger-domain';\nexport const probe = decide;\n")).not.toEqual([]);
  });
});
