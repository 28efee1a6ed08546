export * from './message-bus.port';
export * from './kafka-message-bus';
export * from './in-process-message-bus';
export * from './outbox';
export * from './relay';
export * from './inbox';
export * from './outbox-relay';
export * from './port-message-bus';
