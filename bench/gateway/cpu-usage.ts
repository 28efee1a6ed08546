import { readFileSync, readdirSync } from 'node:fs';

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

/** CPU seconds used so far by a process and each of its descendants, by what they run (Linux /proc). */
export function processTreeCpu(rootPid: number): Map<string, number> {
  const stats = new Map<number, { ppid: number; comm: string; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // the command name is in parentheses and may contain spaces; fields after it are space-separated
      const close = text.lastIndexOf(')');
      const fields = text.slice(close + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
      stats.set(Number(entry), { ppid: Number(fields[1]), comm: labelOf(Number(entry), text.slice(text.indexOf('(') + 1, close)), seconds: ticks / 100 });
    } catch {
      // the process ended while we read
    }
  }
  const inTree = (pid: number): boolean => pid === rootPid || (stats.has(pid) && pid > 1 && inTree(stats.get(pid)!.ppid));
  const byName = new Map<string, number>();
  for (const [pid, stat] of stats) if (inTree(pid)) byName.set(stat.comm, (byName.get(stat.comm) ?? 0) + stat.seconds);
  return byName;
}

/** Cores used between two readings, by process name; the ones that used none are left out. */
export function coresUsed(before: Map<string, number>, after: Map<string, number>, seconds: number): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [name, total] of after) {
    const cores = Number(((total - (before.get(name) ?? 0)) / seconds).toFixed(2));
    if (cores > 0) used[name] = cores;
  }
  return used;
}
