import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { type LedgerEvent, ledgerEventSchemas, ledgerEventTypes, validateEventData } from '@credits/contracts';
import { runScenario, scenarioArb } from './testing/wallet.scenario';

// Strict mode: the schemas must compile cleanly for consumers that use Ajv's defaults.
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validators = new Map(ledgerEventSchemas.map((entry) => [`${entry.type}@${entry.version}`, ajv.compile(entry.schema)]));

function schemaErrors(event: LedgerEvent): string[] {
  const validate = validators.get(`${event.type}@${event.version}`);
  if (!validate) return [`no schema for ${event.type} v${event.version}`];
  return validate(event.data) ? [] : (validate.errors ?? []).map((error) => `${event.type} ${error.instancePath} ${error.message}`);
}

describe('ledger events against their JSON Schemas', () => {
  it('has a schema for every version ever written: v1 of each type, and CreditsGranted v2', () => {
    expect(ledgerEventSchemas.map((entry) => `${entry.type}@${entry.version}`).sort()).toEqual(
      [...ledgerEventTypes.map((type) => `${type}@1`), 'CreditsGranted@2'].sort(),
    );
  });

  it('requires CreditsGranted v2 to carry purchaseId and moneyRefund (each or null) and v1 not to', () => {
    const validateV2 = validators.get('CreditsGranted@2')!;
    expect(validateV2({ ...granted, source: 'purchase', purchaseId: 'pu-1', moneyRefund: null })).toBe(true);
    expect(validateV2({ ...granted, source: 'refund', purchaseId: null, moneyRefund: { refundId: 're-1', paymentId: 'pa-1' } })).toBe(true);
    expect(validateV2({ ...granted, purchaseId: null, moneyRefund: null })).toBe(true);
    expect(validateV2(granted)).toBe(false);
    expect(validateV2({ ...granted, purchaseId: null })).toBe(false);
    expect(validateV2({ ...granted, purchaseId: '', moneyRefund: null })).toBe(false);
    expect(validateV2({ ...granted, purchaseId: null, moneyRefund: { refundId: 're-1' } })).toBe(false);
    expect(validators.get('CreditsGranted@1')!(granted)).toBe(true);
  });

  it('accepts every event the property scenarios produce', () => {
    const seenTypes = new Set<string>();
    const errors: string[] = [];
    for (const actions of fc.sample(scenarioArb, { numRuns: 300, seed: 7 })) {
      for (const event of runScenario(actions).events) {
        seenTypes.add(event.type);
        // Validate what goes over the wire: JSON, not the in-memory object.
        const wire = JSON.parse(JSON.stringify(event)) as LedgerEvent;
        errors.push(...schemaErrors(wire));
        // The platform's registry (lenient Ajv) must agree.
        errors.push(...validateEventData(wire.type, wire.version, wire.data));
      }
    }
    expect(errors.slice(0, 10)).toEqual([]);
    expect([...seenTypes].sort()).toEqual([...ledgerEventTypes].sort());
  });

  const granted = {
    walletId: 'wallet:loc-1:user:u-1',
    occurredAt: '2025-01-01T00:00:00.000Z',
    actor: { type: 'user', id: 'admin-1' },
    reason: 'welcome',
    lots: [{ lotId: 'l1', amount: 1250 }],
    lotId: 'l1',
    amount: 1250,
    kind: 'permanent',
    expiresAt: null,
    source: 'admin',
    planPeriodId: null,
    unitPrice: null,
  };
  const validateGranted = validators.get('CreditsGranted@1')!;

  it('tolerates unknown fields (consumers of older schemas keep working)', () => {
    expect(validateGranted({ ...granted, newField: 1, actor: { ...granted.actor, name: 'Ann' } })).toBe(true);
  });

  it.each([
    ['a decimal amount', { amount: 12.5 }],
    ['an amount as text', { amount: '12.50' }],
    ['a zero amount', { amount: 0, lots: [{ lotId: 'l1', amount: 0 }] }],
    ['a local time', { occurredAt: '2025-01-01T01:00:00+01:00' }],
    ['an unknown kind', { kind: 'forever' }],
    ['a missing reason', { reason: undefined }],
    ['a float unit price', { unitPrice: { amount: 0.95, currency: 'EUR' } }],
  ])('rejects %s', (_case, change) => {
    expect(validateGranted(JSON.parse(JSON.stringify({ ...granted, ...change })))).toBe(false);
  });
});
