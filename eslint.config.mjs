import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Domain code stays framework-free: these packages may not be imported from type:domain projects.
const frameworkPackages = ['@nestjs/*', 'typeorm', 'pg', 'pg-*', 'kafkajs', 'express', 'stripe', 'cloudevents'];

// Test infrastructure (type:test: tools/infra) is for test code only; production code never loads it.
const depConstraints = [
  { sourceTag: 'scope:ledger', onlyDependOnLibsWithTags: ['scope:ledger', 'scope:shared'] },
  { sourceTag: 'scope:membership', onlyDependOnLibsWithTags: ['scope:membership', 'scope:shared'] },
  { sourceTag: 'scope:billing', onlyDependOnLibsWithTags: ['scope:billing', 'scope:shared'] },
  { sourceTag: 'scope:payments', onlyDependOnLibsWithTags: ['scope:payments', 'scope:shared'] },
  { sourceTag: 'scope:booking', onlyDependOnLibsWithTags: ['scope:booking', 'scope:shared'] },
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform', 'scope:ledger', 'scope:membership', 'scope:billing', 'scope:payments', 'scope:booking', 'scope:gateway', 'scope:shared'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:system', 'type:application', 'type:infra', 'type:contracts', 'type:shared'] },
  // Composes several services' application libs into one process (embedded mode, e2e tests).
  { sourceTag: 'type:system', onlyDependOnLibsWithTags: ['type:application', 'type:infra', 'type:contracts', 'type:shared'] },
  { sourceTag: 'type:application', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:contracts', 'type:shared'] },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:shared'] },
  { sourceTag: 'type:shared', onlyDependOnLibsWithTags: ['type:shared', 'type:contracts'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'],
    bannedExternalImports: frameworkPackages,
  },
  {
    sourceTag: 'type:contracts',
    bannedExternalImports: ['typeorm', 'pg', 'pg-*', 'kafkajs', 'express', 'stripe'],
  },
  { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:test', 'type:infra', 'type:shared', 'type:contracts'] },
];
const TEST_CODE = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.test-kit.ts', '**/testing/**/*.ts', 'apps/e2e/**/*.ts', 'tools/**/*.ts', 'bench/**/*.ts', 'k8s/**/*.ts'];
const boundaries = (testCode) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: depConstraints.map((c) =>
      testCode && c.onlyDependOnLibsWithTags ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:test'] } : c,
    ),
  },
];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', 'tools/kafka/**', '**/.data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@nx/enforce-module-boundaries': boundaries(false),
    },
  },
  { files: TEST_CODE, rules: { '@nx/enforce-module-boundaries': boundaries(true) } },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'tools/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
