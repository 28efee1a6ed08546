export * from './gateway.service';
export type { GatewayDeps } from './gateway.module';
