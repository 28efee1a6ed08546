/**
 * How far billing's reports (a projection of the ledger's events) trail the deductions: read from
 * the system's Prometheus metrics, so a ledger that runs ahead of its event stream shows.
 */
const GROUP = 'billing.reports';

export interface ReportsLag {
  /** age of the last event the projection had applied when the deductions ended */
  readonly lagAtEndSeconds: number;
  /** the 99th percentile of event time -> applied during the deductions (upper bound of its histogram bucket) */
  readonly deliveryP99Seconds: number;
}

type Buckets = Map<number, number>;

async function scrape(metricsUrl: string): Promise<{ lag: number; buckets: Buckets }> {
  const text = await (await fetch(metricsUrl)).text();
  const lag = new RegExp(`^credits_projection_lag_seconds\\{[^}]*group="${GROUP}"[^}]*\\} (\\S+)$`, 'm').exec(text);
  const buckets: Buckets = new Map();
  const bucket = new RegExp(`^credits_consumer_delivery_seconds_bucket\\{[^}]*le="([^"]+)"[^}]*group="${GROUP}"[^}]*\\} (\\S+)$|^credits_consumer_delivery_seconds_bucket\\{[^}]*group="${GROUP}"[^}]*le="([^"]+)"[^}]*\\} (\\S+)$`, 'gm');
  for (const match of text.matchAll(bucket)) {
    const le = match[1] ?? match[3];
    buckets.set(le === '+Inf' ? Infinity : Number(le), Number(match[2] ?? match[4]));
  }
  return { lag: lag ? Number(lag[1]) : NaN, buckets };
}

/** Call before the deductions; the returned function, right after them, gives the lag. */
export async function watchReportsLag(metricsUrl: string): Promise<() => Promise<ReportsLag>> {
  const before = await scrape(metricsUrl);
  return async () => {
    const after = await scrape(metricsUrl);
    const bounds = [...after.buckets.keys()].sort((a, b) => a - b);
    const delta = (le: number) => (after.buckets.get(le) ?? 0) - (before.buckets.get(le) ?? 0);
    const total = delta(Infinity);
    const p99 = bounds.find((le) => delta(le) >= 0.99 * total) ?? Infinity;
    return { lagAtEndSeconds: after.lag, deliveryP99Seconds: p99 };
  };
}
