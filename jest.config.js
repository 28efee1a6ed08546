// One Jest run for the whole monorepo. `unit` tests do no I/O; `integration` tests share the
// PostgreSQL + Kafka that tools/infra provisions once per run (global setup/teardown).
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/\//g, '\\/')}$`,
    `<rootDir>/${target}`,
  ]),
);
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
const common = { rootDir: __dirname, testEnvironment: 'node', moduleNameMapper, transform };

module.exports = {
  testTimeout: 120000,
  globalSetup: '<rootDir>/tools/infra/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/tools/infra/src/jest-global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools,k8s}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools,k8s}/**/*.int-spec.ts'],
    },
  ],
};
