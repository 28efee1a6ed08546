export * from './ledger.events';
export * from './ledger.schemas';
export * from './wallet-id.value';
export * from './ledger-event.upcaster';
