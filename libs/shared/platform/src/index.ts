export * from './config';
export * from './request-context';
export * from './json-logger';
export * from './problem';
export * from './health';
export * from './database';
export * from './actor';
export * from './http-app';
