export * from './commit-order';
export * from './sql-client';
export * from './event-store';
export * from './checkpointed-processor';
export * from './singleton-worker';
export * from './time-ordered-id';
