import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';

/** A process's name for the report: the app a node process runs, else its command (postgres, java...). */
function labelOf(pid: number, comm: string): string {
  let commandLine = '';
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return comm;
  }
  const app = /apps\/([\w-]+)\/src\/main\.ts/.exec(commandLine)?.[1];
  if (app) return app === 'embedded' ? 'node (all services)' : app;
  if (commandLine.includes('bench/gateway/run.ts')) return 'autocannon (this process)';
  if (commandLine.includes('bench/gateway/bare-server.ts')) return 'bare server';
  if (commandLine.includes('start-distributed')) return 'launcher';
  return comm;
}

/** CPU time in clock ticks over every core: busy, and in all. */
export interface MachineTicks {
  readonly busy: number;
  readonly total: number;
}

/** The machine's CPU time so far (/proc/stat). */
export function machineTicks(): MachineTicks {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - fields[3] - fields[4], total }; // less idle and iowait
}

/** Cores the whole machine was busy between two readings, kernel work included. */
export function busyCores(before: MachineTicks, after: MachineTicks): number {
  return Number((((after.busy - before.busy) / (after.total - before.total)) * cpus().length).toFixed(2));
}

/** A /proc stat line of a process or thread: the fields after the command name, its CPU seconds (utime + stime) and its reaped children's (cutime + cstime). */
function parseStat(text: string): { fields: string[]; seconds: number; reapedSeconds: number } {
  // the command name is in parentheses and may contain spaces; fields after it are space-separated
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { fields, seconds: (Number(fields[11]) + Number(fields[12])) / 100, reapedSeconds: (Number(fields[13]) + Number(fields[14])) / 100 };
}

export interface ProcessCpu {
  readonly ppid: number;
  /** what it runs (labelOf) */
  readonly name: string;
  readonly seconds: number;
  /** CPU seconds of its children that ended and were reaped */
  readonly reapedSeconds: number;
}

/** CPU seconds used so far by a process and each of its descendants, by pid (Linux /proc). */
export function processTreeCpu(rootPid: number): Map<number, ProcessCpu> {
  const stats = new Map<number, ProcessCpu>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const { fields, seconds, reapedSeconds } = parseStat(text);
      stats.set(Number(entry), { ppid: Number(fields[1]), name: labelOf(Number(entry), text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'))), seconds, reapedSeconds });
    } catch {
      // the process ended while we read
    }
  }
  const inTree = (pid: number): boolean => pid === rootPid || (stats.has(pid) && pid > 1 && inTree(stats.get(pid)!.ppid));
  return new Map([...stats].filter(([pid]) => inTree(pid)));
}

/**
 * Cores used between two readings, by process name; the ones that used none are left out. Counted
 * per process: one that started meanwhile counts whole, one that ended counts in what its parent
 * reaped, less what it had used before (PostgreSQL's backends, which its pools close when idle
 * and open again, count for the postmaster's name, `postgres`).
 */
export function coresUsed(before: ReadonlyMap<number, ProcessCpu>, after: ReadonlyMap<number, ProcessCpu>, seconds: number): Record<string, number> {
  const add = <K>(totals: Map<K, number>, key: K, cpuSeconds: number) => totals.set(key, (totals.get(key) ?? 0) + cpuSeconds);
  const endedChildrenBefore = new Map<number, number>(); // by parent pid: what its ended children had used at `before`
  for (const [pid, then] of before) if (!after.has(pid)) add(endedChildrenBefore, then.ppid, then.seconds);
  const used = new Map<string, number>();
  for (const [pid, now] of after) {
    const then = before.get(pid);
    add(used, now.name, now.seconds - (then?.seconds ?? 0));
    if (then) add(used, now.name, now.reapedSeconds - then.reapedSeconds - (endedChildrenBefore.get(pid) ?? 0));
  }
  const cores = [...used].map(([name, total]) => [name, Number((total / seconds).toFixed(2))] as const);
  return Object.fromEntries(cores.filter(([, value]) => value > 0));
}

interface ThreadCounters {
  readonly seconds: number;
  /** context switches because the thread waited (for I/O, a message, a lock) */
  readonly waits: number;
  /** context switches because the scheduler gave its core to another thread while it could run */
  readonly preemptions: number;
}

/** CPU seconds and context switches so far of each thread of a process, by thread id (Linux /proc). */
export function threadCounters(pid: number): Map<number, ThreadCounters> {
  const threads = new Map<number, ThreadCounters>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const { seconds } = parseStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
      const count = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)$`, 'm').exec(status)?.[1] ?? 0);
      threads.set(Number(tid), { seconds, waits: count('voluntary_ctxt_switches'), preemptions: count('nonvoluntary_ctxt_switches') });
    } catch {
      // the thread ended while we read
    }
  }
  return threads;
}

export interface ThreadUse {
  readonly cores: number;
  readonly waitsPerSec: number;
  readonly preemptionsPerSec: number;
}

/**
 * What the threads of the system's Node process did between two readings: its main thread (the
 * services), the busiest other thread (the gateway's worker thread; Node names no thread) and the
 * rest together (V8's compiler and GC helpers). A thread preempted far more often than it waits is
 * ready to run most of the time and held back by the other threads on the machine's cores.
 */
export function threadUse(pid: number, before: Map<number, ThreadCounters>, after: Map<number, ThreadCounters>, seconds: number): Record<string, ThreadUse> {
  const zero: ThreadCounters = { seconds: 0, waits: 0, preemptions: 0 };
  const deltas = [...after].map(([tid, now]) => {
    const then = before.get(tid) ?? zero;
    return { tid, seconds: now.seconds - then.seconds, waits: now.waits - then.waits, preemptions: now.preemptions - then.preemptions };
  });
  const others = deltas.filter((d) => d.tid !== pid).sort((a, b) => b.seconds - a.seconds);
  const groups: Record<string, typeof deltas> = { main: deltas.filter((d) => d.tid === pid), 'gateway thread': others.slice(0, 1), 'V8 helpers': others.slice(1) };
  const rate = (value: number, digits = 0) => Number((value / seconds).toFixed(digits));
  return Object.fromEntries(
    Object.entries(groups).map(([name, threads]) => {
      const sum = (key: 'seconds' | 'waits' | 'preemptions') => threads.reduce((total, d) => total + d[key], 0);
      return [name, { cores: rate(sum('seconds'), 2), waitsPerSec: rate(sum('waits')), preemptionsPerSec: rate(sum('preemptions')) }];
    }),
  );
}
