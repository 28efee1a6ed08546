export * from './gateway.service';
export { DEFAULT_READ_YOUR_WRITES_TIMEOUT_MS, type GatewayDeps } from './gateway.module';
export { DEFAULT_HEARTBEAT_MS, DEFAULT_MAX_STREAMS_PER_USER } from './notifications/notification-hub';
export { fetchJwksFrom, type AccessTokenOptions } from './auth/access-token.verifier';
export { AllowedOrigins, LOCAL_DEV_ORIGINS, corsOriginsVar } from './cors/allowed-origins';
