export * from './location-access.policy';
