import type { ConfigVar } from '@credits/platform/core';

/** `npm start`: any port on this machine, where frontend dev servers run. */
export const LOCAL_DEV_ORIGINS = 'http://localhost:*,http://127.0.0.1:*';

const ENTRY_FORMS = 'scheme://host, scheme://host:port, scheme://host:* (any port) or * (any origin)';

/**
 * The origins browser apps may call the API from (CORS_ORIGINS, comma-separated). An entry is an
 * origin as browsers send it (`https://app.example.com`, `http://localhost:5173`), the same with
 * `:*` for any port, or `*` for any origin. Matching is exact after normalising the entry the way
 * browsers serialise an origin (lower-case host, no default port).
 */
export class AllowedOrigins {
  static readonly none = new AllowedOrigins(false, [], []);

  private constructor(
    private readonly anyOrigin: boolean,
    private readonly exact: readonly string[],
    private readonly anyPort: readonly string[],
  ) {}

  /** Throws an Error naming every entry that is not an origin. */
  static parse(raw: string): AllowedOrigins {
    const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
    if (entries.length === 0) throw new Error(`must list at least one origin (${ENTRY_FORMS})`);
    const exact: string[] = [];
    const anyPort: string[] = [];
    const bad: string[] = [];
    for (const entry of entries.filter((e) => e !== '*')) {
      const wildcard = entry.endsWith(':*');
      const base = wildcard ? entry.slice(0, -2) : entry;
      const origin = wildcard && /:\d*$/.test(base) ? null : originOf(base);
      if (origin === null) bad.push(`"${entry}"`);
      else (wildcard ? anyPort : exact).push(origin);
    }
    if (bad.length > 0) throw new Error(`has ${bad.join(', ')}, not an origin: use ${ENTRY_FORMS}, no path`);
    return new AllowedOrigins(entries.includes('*'), exact, anyPort);
  }

  /** The entries as CORS_ORIGINS lists them ('' for none), which parse reads back: how they reach another thread. */
  toString(): string {
    return [...(this.anyOrigin ? ['*'] : []), ...this.exact, ...this.anyPort.map((origin) => `${origin}:*`)].join(',');
  }

  allows(origin: string): boolean {
    if (this.anyOrigin || this.exact.includes(origin) || this.anyPort.includes(origin)) return true;
    const port = /:\d{1,5}$/.exec(origin);
    return port !== null && this.anyPort.includes(origin.slice(0, port.index));
  }
}

/** The entry as a browser would send it, or null when it is not an http(s) origin without a path. */
function originOf(entry: string): string | null {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return null;
  }
  const bare = (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !entry.endsWith('/');
  return bare && !url.search && !url.hash && !url.username && !url.password ? url.origin : null;
}

export const corsOriginsVar = (defaultValue?: string): ConfigVar<AllowedOrigins> => ({
  description: `origins browser apps may call the API from, comma-separated: ${ENTRY_FORMS}`,
  default: defaultValue,
  parse: AllowedOrigins.parse,
});
