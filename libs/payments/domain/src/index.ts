export * from './currency-units.value';
export * from './payment.decider';
