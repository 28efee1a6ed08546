// The framework-free part of the platform: safe to load where NestJS is not (jest, scripts, benchmarks).
export * from './config';
export * from './request-context';
export * from './json-logger';
export * from './problem-details';
export * from './database';
export * from './connection-errors';
export * from './dev-secret';
export * from './internal-token';
export * from './problem-answer';
export * from './internal-http.client';
export * from './metrics';
export * from './tracing';
export * from './port-calls';
export * from './route-pattern';
