/**
 * How long each CPU sat idle while a runnable task waited in another CPU's run queue: the share of
 * the machine a measurement leaves unused although there was work to run.
 *
 * Run as root, with `perf` installed, while a measurement is under way, e.g. during the sustained
 * windows of `npm run bench:gateway -- --seconds 20 --sustain 4`:
 *   node -r ./tools/register.js bench/gateway/sched-idle.ts [--seconds 4]
 * It records the scheduler's switch, wakeup and migration events with `perf sched record -a` and
 * replays them: per CPU, what ran, which tasks were runnable but not running, and for how long.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

interface CpuTime {
  busy: number;
  idle: number;
  idleWhileOtherWaits: number;
}

const IDLE = 0;
const UNKNOWN = -1;

/** Replays `perf sched script` output; times in seconds per CPU. */
function idleWhileWaiting(script: string, cpuCount: number): CpuTime[] {
  const current: number[] = Array.from({ length: cpuCount }, () => UNKNOWN);
  const queued: Set<number>[] = Array.from({ length: cpuCount }, () => new Set());
  const times: CpuTime[] = Array.from({ length: cpuCount }, () => ({ busy: 0, idle: 0, idleWhileOtherWaits: 0 }));
  const running = (pid: number) => current.includes(pid);
  const dequeue = (pid: number) => queued.forEach((q) => q.delete(pid));
  let last: number | undefined;

  for (const line of script.split('\n')) {
    const event = /(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:(sched_\w+):\s+(.*)$/.exec(line);
    if (!event) continue;
    const [, runnerText, cpuText, timeText, name, fields] = event;
    const cpu = Number(cpuText);
    if (cpu >= cpuCount) continue;
    const at = Number(timeText);
    if (last !== undefined) {
      const elapsed = at - last;
      for (let c = 0; c < cpuCount; c++) {
        if (current[c] === UNKNOWN) continue;
        if (current[c] !== IDLE) {
          times[c].busy += elapsed;
          continue;
        }
        times[c].idle += elapsed;
        if (queued.some((q, other) => other !== c && q.size > 0)) times[c].idleWhileOtherWaits += elapsed;
      }
    }
    last = at;
    // Whoever emits an event is running there: this also learns what ran before the recording began.
    const runner = Number(runnerText);
    if (current[cpu] !== runner) {
      dequeue(runner);
      current[cpu] = runner;
    }
    const field = (key: string) => new RegExp(`(?:^|\\s)${key}=(\\S+)`).exec(fields)?.[1];
    switch (name) {
      case 'sched_switch': {
        const previous = Number(field('prev_pid'));
        const next = Number(field('next_pid'));
        if (previous !== IDLE && field('prev_state')?.startsWith('R')) queued[cpu].add(previous);
        dequeue(next);
        current[cpu] = next;
        break;
      }
      case 'sched_waking':
      case 'sched_wakeup':
      case 'sched_wakeup_new': {
        const pid = Number(field('pid'));
        const target = Number(field('target_cpu'));
        if (!running(pid) && target < cpuCount) {
          dequeue(pid);
          queued[target].add(pid);
        }
        break;
      }
      case 'sched_migrate_task': {
        const pid = Number(field('pid'));
        const from = Number(field('orig_cpu'));
        const to = Number(field('dest_cpu'));
        if (queued[from]?.delete(pid) && to < cpuCount) queued[to].add(pid);
        break;
      }
    }
  }
  return times;
}

function main(): void {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '4' } } });
  const dir = mkdtempSync(join(tmpdir(), 'sched-idle-'));
  const data = join(dir, 'perf.data');
  try {
    execFileSync('perf', ['sched', 'record', '-a', '-o', data, '--', 'sleep', String(Number(values.seconds))], { stdio: 'ignore' });
    const script = execFileSync('perf', ['sched', 'script', '-i', data], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    const times = idleWhileWaiting(script, cpus().length);
    const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
    console.log('| cpu | busy | idle | idle while another CPU has a task waiting |');
    console.log('| --- | ---: | ---: | ---: |');
    times.forEach((t, cpu) => {
      const total = t.busy + t.idle;
      console.log(`| ${cpu} | ${percent(t.busy, total)} | ${percent(t.idle, total)} | ${percent(t.idleWhileOtherWaits, total)} |`);
    });
    const cores = (pick: (t: CpuTime) => number) => times.reduce((sum, t) => sum + pick(t) / (t.busy + t.idle), 0).toFixed(2);
    console.log(`cores idle: ${cores((t) => t.idle)}, of which while work waited elsewhere: ${cores((t) => t.idleWhileOtherWaits)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
