export * from './membership-events';
