/** Validated configuration from the environment: every problem is reported at once, at boot. */
export interface ConfigVar<T> {
  readonly description: string;
  readonly default?: string;
  readonly parse: (raw: string) => T;
}

export class ConfigError extends Error {}

export const str = (description: string, defaultValue?: string): ConfigVar<string> => ({
  description,
  default: defaultValue,
  parse: (raw) => {
    if (raw.trim() === '') throw new Error('must not be empty');
    return raw;
  },
});

export const port = (description: string, defaultValue?: string): ConfigVar<number> => ({
  description,
  default: defaultValue,
  parse: (raw) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error('must be a TCP port (0-65535)');
    return value;
  },
});

export const url = (description: string, protocols: string[], defaultValue?: string): ConfigVar<string> => ({
  description,
  default: defaultValue,
  parse: (raw) => {
    const parsed = new URL(raw);
    if (!protocols.includes(parsed.protocol)) throw new Error(`must be a ${protocols.join(' or ')} URL`);
    return raw;
  },
});

export const list = (description: string, defaultValue?: string): ConfigVar<string[]> => ({
  description,
  default: defaultValue,
  parse: (raw) => {
    const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
    if (items.length === 0) throw new Error('must list at least one value');
    return items;
  },
});

export const secret = (description: string, minLength: number): ConfigVar<string> => ({
  description,
  parse: (raw) => {
    if (raw.length < minLength) throw new Error(`must be at least ${minLength} characters`);
    return raw;
  },
});

export const oneOf = <T extends string>(description: string, values: readonly T[], defaultValue?: T): ConfigVar<T> => ({
  description,
  default: defaultValue,
  parse: (raw) => {
    if (!values.includes(raw as T)) throw new Error(`must be one of ${values.join(', ')}`);
    return raw as T;
  },
});

export function loadConfig<S extends Record<string, ConfigVar<unknown>>>(
  spec: S,
  env: Record<string, string | undefined> = process.env,
): { [K in keyof S]: S[K] extends ConfigVar<infer T> ? T : never } {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(spec)) {
    // An empty variable counts as unset (compose files and shells often export NAME=).
    const given = env[name];
    const raw = given !== undefined && given !== '' ? given : variable.default;
    if (raw === undefined) {
      problems.push(`${name} is required (${variable.description})`);
      continue;
    }
    try {
      values[name] = variable.parse(raw);
    } catch (error) {
      problems.push(`${name} ${(error as Error).message} (${variable.description})`);
    }
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return values as { [K in keyof S]: S[K] extends ConfigVar<infer T> ? T : never };
}

export const optionalStr = (description: string): ConfigVar<string> => ({ description, default: '', parse: (raw) => raw });

/** A variable that may be left unset; when set it must pass `variable`'s checks. */
export const optional = <T>(variable: ConfigVar<T>): ConfigVar<T | undefined> => ({
  description: variable.description,
  default: '',
  parse: (raw) => (raw === '' ? undefined : variable.parse(raw)),
});

export const nonNegativeInt = (description: string, defaultValue?: string): ConfigVar<number> => ({
  description,
  default: defaultValue,
  parse: (raw) => {
    if (!/^\d{1,15}$/.test(raw)) throw new Error('must be a non-negative integer');
    return Number(raw);
  },
});

export const positiveInt = (description: string, defaultValue?: string): ConfigVar<number> => ({
  description,
  default: defaultValue,
  parse: (raw) => {
    if (!/^[1-9]\d{0,14}$/.test(raw)) throw new Error('must be a positive integer');
    return Number(raw);
  },
});

const SECONDS_PER_UNIT = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** A positive duration in whole seconds: `90s`, `15m`, `24h`, `7d`, or a bare number of seconds. */
export const duration = (description: string, defaultValue?: string): ConfigVar<number> => ({
  description,
  default: defaultValue,
  parse: (raw) => {
    const match = /^(\d{1,9})([smhd]?)$/.exec(raw.trim());
    const seconds = match ? Number(match[1]) * SECONDS_PER_UNIT[(match[2] || 's') as keyof typeof SECONDS_PER_UNIT] : 0;
    if (seconds <= 0) throw new Error('must be a positive duration such as 90s, 15m, 24h or 7d');
    return seconds;
  },
});

export const logLevelVar = oneOf('log level', ['error', 'warn', 'info', 'debug'] as const, 'info');

export const kafkaTopicPrefixVar = optionalStr('prefix for Kafka topic and consumer group names (shared clusters, tests)');
