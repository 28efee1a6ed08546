import { KafkaMessageBus } from '@credits/messaging';
import { startSystem, type RunningSystem } from '@credits/system';
import { createTestDatabase, kafkaBrokers } from '@credits/test-infra';
import { sign } from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';

export const JWT_SECRET = 'e2e-secret-that-is-long-enough-0123456789';

export interface SystemUnderTest extends RunningSystem {
  readonly databaseUrl: string;
  readonly namespace: string;
}

/** The whole system on a fresh database and its own Kafka topics (namespace) on the real broker. */
export async function startSystemUnderTest(name: string): Promise<SystemUnderTest> {
  const databaseUrl = await createTestDatabase(name);
  const namespace = `${name}-${randomUUID().slice(0, 8)}.`;
  const bus = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: name, namespace });
  const system = await startSystem({ databaseUrl, bus, jwtSecret: JWT_SECRET, port: 0, logLevel: 'error' });
  return {
    ...system,
    databaseUrl,
    namespace,
    stop: async () => {
      await system.stop();
      await bus.close();
    },
  };
}

export function tokenFor(sub: string, roles: string[] = []): string {
  return sign({ sub, roles }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });
}

export interface ApiResponse {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON
  readonly body: any;
}

export interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export function apiClient(baseUrl: string) {
  return async (method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, body };
  };
}
