/**
 * The system's garbage-collection pauses during a window, from its Prometheus metrics
 * (`nodejs_gc_duration_seconds`, every thread of the process summed): a full collection stops its
 * thread for all the requests in flight, which shows in the tail latency before it shows in the rate.
 */
export interface GcPauses {
  /** full (mark-compact) collections */
  readonly major: number;
  readonly majorMs: number;
  /** pauses of any kind longer than 10 ms */
  readonly over10Ms: number;
}

interface Scraped {
  readonly count: Map<string, number>;
  readonly sum: Map<string, number>;
  readonly upTo10Ms: number;
}

async function scrape(metricsUrl: string): Promise<Scraped> {
  const text = await (await fetch(metricsUrl)).text();
  const count = new Map<string, number>();
  const sum = new Map<string, number>();
  let upTo10Ms = 0;
  for (const [, field, labels, value] of text.matchAll(/^nodejs_gc_duration_seconds_(count|sum|bucket)\{([^}]*)\} (\S+)$/gm)) {
    const kind = /kind="(\w+)"/.exec(labels)?.[1] ?? '';
    if (field === 'count') count.set(kind, Number(value));
    else if (field === 'sum') sum.set(kind, Number(value));
    else if (/le="0\.01"/.test(labels)) upTo10Ms += Number(value);
  }
  return { count, sum, upTo10Ms };
}

/**
 * Call before a window; the returned function, right after it, gives the pauses in between. The
 * process collects GC metrics from its first scrape on, so a first window sees none before it.
 */
export async function watchGcPauses(metricsUrl: string): Promise<() => Promise<GcPauses>> {
  const before = await scrape(metricsUrl);
  return async () => {
    const after = await scrape(metricsUrl);
    const delta = (map: 'count' | 'sum', kind: string) => (after[map].get(kind) ?? 0) - (before[map].get(kind) ?? 0);
    const total = (scraped: Scraped) => [...scraped.count.values()].reduce((all, value) => all + value, 0);
    return {
      major: delta('count', 'major'),
      majorMs: Math.round(delta('sum', 'major') * 1000),
      over10Ms: total(after) - after.upTo10Ms - (total(before) - before.upTo10Ms),
    };
  };
}
