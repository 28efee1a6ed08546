export * from './credit-purchase-events';
