import { Parser } from '@asyncapi/parser';
import { allEventSchemas, cloudEventType } from '@credits/contracts';
import { readFileSync } from 'node:fs';
import { ASYNCAPI_PATH, renderAsyncApi } from './asyncapi';

describe('AsyncAPI document (docs/asyncapi.yaml)', () => {
  const text = readFileSync(ASYNCAPI_PATH, 'utf8');

  it('is current with the contracts (regenerate with npm run asyncapi)', () => {
    expect(text).toBe(renderAsyncApi());
  });

  it('is a valid AsyncAPI document', async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => d.message)).toEqual([]);
    expect(document).toBeDefined();
  });

  it('describes every published event type and version with its CloudEvents type', async () => {
    const { document } = await new Parser().parse(text);
    const messages = document!.allMessages().all().map((m) => m.id());
    expect(messages.sort()).toEqual(allEventSchemas.map((e) => `${e.type}V${e.version}`).sort());
    for (const entry of allEventSchemas) expect(text).toContain(cloudEventType(entry.type, entry.version));
  });
});
