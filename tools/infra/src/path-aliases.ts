// Jest loads its global setup without the projects' moduleNameMapper: the monorepo's path aliases
// (@credits/local-postgres) are resolved here, as tools/register.js does for scripts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

const root = join(__dirname, '..', '..', '..');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
register({ baseUrl: root, paths: compilerOptions.paths });
