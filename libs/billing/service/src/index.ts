export * from './billing.service';
