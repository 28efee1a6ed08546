export * from './event';
export * from './topics';
export * from './cloud-event';
export * from './schema-registry';
export * from './ledger';
export * from './membership';
export * from './asyncapi';
