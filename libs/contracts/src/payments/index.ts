export * from './refund-events';
