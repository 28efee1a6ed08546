import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
const TOOL_DIR = join(ROOT, 'tools', 'schemathesis');
const VENV = join(TOOL_DIR, '.venv');
const BIN = join(VENV, 'bin', 'schemathesis');

interface Outcome {
  readonly code: number | null;
  readonly output: string;
}

function run(command: string, args: string[], timeoutMs: number, cwd = ROOT): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: Buffer.concat(chunks).toString() });
    });
  });
}

/**
 * The schemathesis CLI at the version tools/schemathesis/requirements.txt pins, in a Python venv of
 * its own (tools/schemathesis/.venv, git-ignored): made once with `python3 -m venv` and pip from PyPI,
 * then reused while it has that version.
 */
export async function provisionSchemathesis(): Promise<string> {
  const requirements = join(TOOL_DIR, 'requirements.txt');
  const version = /schemathesis==(\S+)/.exec(readFileSync(requirements, 'utf8'))![1];
  if (existsSync(BIN) && (await run(BIN, ['--version'], 60000)).output.includes(`version ${version}`)) return BIN;
  const steps: Array<[string, string[]]> = [
    ['python3', ['-m', 'venv', '--clear', VENV]],
    [join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', requirements]],
  ];
  for (const [command, args] of steps) {
    const outcome = await run(command, args, 600000);
    if (outcome.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${outcome.code}):\n${outcome.output.slice(-3000)}`);
  }
  return BIN;
}

export interface SchemathesisRun {
  readonly bin: string;
  readonly baseUrl: string;
  /** sent as `Authorization: Bearer <token>` with every request */
  readonly token: string;
  /** schemathesis.toml: dictionaries of known ids and which parameters draw from them */
  readonly config: string;
  readonly workDir: string;
  readonly name: string;
  readonly maxExamples: number;
  readonly seed: number;
}

export interface SchemathesisFailure {
  readonly code: string;
  readonly title: string;
  readonly count: number;
  readonly operations: string[];
}

export interface SchemathesisReport {
  readonly complete: boolean;
  readonly operations: { total: number; selected: number; tested: number; errored: number; skipped: number; skip_reasons: unknown[] };
  readonly test_cases: { generated: number };
  readonly failures: SchemathesisFailure[];
  readonly errors: unknown[];
  readonly running_time: number;
}

/** One run with every check against the API's own document; the JSON report, and the text output kept beside it. */
export async function runSchemathesis(options: SchemathesisRun): Promise<{ report: SchemathesisReport; outputFile: string }> {
  const configFile = join(options.workDir, `${options.name}.toml`);
  const reportFile = join(options.workDir, `${options.name}.json`);
  const outputFile = join(options.workDir, `${options.name}.txt`);
  writeFileSync(configFile, options.config);
  const outcome = await run(
    options.bin,
    [
      '--config-file', configFile,
      'run', `${options.baseUrl}/docs-json`,
      '--url', options.baseUrl,
      '--header', `Authorization: Bearer ${options.token}`,
      '--checks', 'all',
      // A notification stream stays open until the client leaves: nothing a fuzzer waits for ends.
      '--exclude-operation-id', 'streamMyNotifications',
      '--max-examples', String(options.maxExamples),
      '--seed', String(options.seed),
      '--workers', '1',
      '--request-timeout', '30',
      '--report', 'json',
      '--report-json-path', reportFile,
      '--no-color',
    ],
    900000,
    // its example database (.schemathesis/) goes with the run's other files
    options.workDir,
  );
  writeFileSync(outputFile, outcome.output);
  if (!existsSync(reportFile)) throw new Error(`schemathesis wrote no report (exit ${outcome.code}):\n${outcome.output.slice(-3000)}`);
  return { report: JSON.parse(readFileSync(reportFile, 'utf8')) as SchemathesisReport, outputFile };
}
