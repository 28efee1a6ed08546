import { buildAsyncApiDocument } from '@credits/contracts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { version } from '../package.json';

/** `npm run asyncapi`: regenerates docs/asyncapi.yaml from the contracts (a test checks it is current). */
export const ASYNCAPI_PATH = join(__dirname, '..', 'docs', 'asyncapi.yaml');
export const renderAsyncApi = (): string => stringify(buildAsyncApiDocument(version), { aliasDuplicateObjects: false });

if (require.main === module) {
  writeFileSync(ASYNCAPI_PATH, renderAsyncApi());
  process.stdout.write(`wrote ${ASYNCAPI_PATH}\n`);
}
