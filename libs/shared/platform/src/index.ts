export * from './core';
export * from './problem';
export * from './health';
export * from './actor';
export * from './http-app';
export * from './member-facts.client';
export * from './payments.client';
export * from './service-wiring';
