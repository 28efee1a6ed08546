// `npm run start:distributed`: each service in its own process against DATABASE_URL / KAFKA_BROKERS.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const missing = ['DATABASE_URL', 'KAFKA_BROKERS'].filter((name) => !process.env[name]);
if (missing.length) {
  console.error(`set ${missing.join(' and ')} (npm run infra:up writes them to .data/infra/env)`);
  process.exit(2);
}
// Every service signs and checks internal calls with it; unset, one for this run (all of them are started here).
const INTERNAL_SECRET = process.env.INTERNAL_SECRET || randomBytes(32).toString('base64url');
const ports = {
  ledger: process.env.LEDGER_PORT ?? '3001',
  membership: process.env.MEMBERSHIP_PORT ?? '3002',
  billing: process.env.BILLING_PORT ?? '3003',
  payments: process.env.PAYMENTS_PORT ?? '3004',
  booking: process.env.BOOKING_PORT ?? '3005',
  gateway: process.env.PORT ?? '3000',
};
const apps = [
  ['membership', { PORT: ports.membership }],
  ['ledger', { PORT: ports.ledger }],
  // STRIPE_SECRET_KEY / STRIPE_API_BASE / STRIPE_WEBHOOK_SECRET pass through from the environment.
  ['payments', { PORT: ports.payments, MEMBERSHIP_URL: process.env.MEMBERSHIP_URL ?? `http://127.0.0.1:${ports.membership}` }],
  [
    'billing',
    {
      PORT: ports.billing,
      MEMBERSHIP_URL: process.env.MEMBERSHIP_URL ?? `http://127.0.0.1:${ports.membership}`,
      LEDGER_URL: process.env.LEDGER_URL ?? `http://127.0.0.1:${ports.ledger}`,
      PAYMENTS_URL: process.env.PAYMENTS_URL ?? `http://127.0.0.1:${ports.payments}`,
    },
  ],
  [
    'booking',
    {
      PORT: ports.booking,
      MEMBERSHIP_URL: process.env.MEMBERSHIP_URL ?? `http://127.0.0.1:${ports.membership}`,
      LEDGER_URL: process.env.LEDGER_URL ?? `http://127.0.0.1:${ports.ledger}`,
      PAYMENTS_URL: process.env.PAYMENTS_URL ?? `http://127.0.0.1:${ports.payments}`,
    },
  ],
  [
    'api-gateway',
    {
      PORT: ports.gateway,
      LEDGER_URL: process.env.LEDGER_URL ?? `http://127.0.0.1:${ports.ledger}`,
      MEMBERSHIP_URL: process.env.MEMBERSHIP_URL ?? `http://127.0.0.1:${ports.membership}`,
      PAYMENTS_URL: process.env.PAYMENTS_URL ?? `http://127.0.0.1:${ports.payments}`,
      BILLING_URL: process.env.BILLING_URL ?? `http://127.0.0.1:${ports.billing}`,
      BOOKING_URL: process.env.BOOKING_URL ?? `http://127.0.0.1:${ports.booking}`,
      JWT_SECRET: process.env.JWT_SECRET ?? 'dev-only-secret-do-not-use-in-production-0123456789',
    },
  ],
];
const children = apps.map(([app, env]) =>
  spawn(process.execPath, ['-r', './tools/register.js', `apps/${app}/src/main.ts`], { stdio: 'inherit', env: { ...process.env, INTERNAL_SECRET, ...env } }),
);
let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill(signal);
};
process.on('SIGINT', () => stop('SIGTERM'));
process.on('SIGTERM', () => stop('SIGTERM'));
for (const child of children) child.on('exit', (code) => { if (!stopping) { console.error(`a service exited (${code}); stopping all`); stop('SIGTERM'); process.exitCode = 1; } });
