import { isConnectionLoss } from './connection-errors';

const withProps = (message: string, props: Record<string, unknown>) => Object.assign(new Error(message), props);

describe('isConnectionLoss', () => {
  it.each([
    ['refused connection', withProps('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5432 })],
    ['Unix socket of a server that is down', withProps('connect ENOENT /data/postgres/.s.PGSQL.5432', { code: 'ENOENT', syscall: 'connect' })],
    ['reset socket', withProps('read ECONNRESET', { code: 'ECONNRESET' })],
    ['every address of a host refused (AggregateError)', Object.assign(new AggregateError([withProps('x', { code: 'ECONNREFUSED' })], ''), { code: undefined })],
    ['backend terminated (57P01)', withProps('terminating connection due to administrator command', { code: '57P01' })],
    ['server starting up (57P03)', withProps('the database system is starting up', { code: '57P03' })],
    ['idle session timeout (57P05)', withProps('terminating connection due to idle-session timeout', { code: '57P05' })],
    ['connection exception class 08', withProps('connection failure', { code: '08006' })],
    ['too many connections', withProps('sorry, too many clients already', { code: '53300' })],
    ['connection ended under a query', new Error('Connection terminated unexpectedly')],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['client broken earlier', new Error('Client has encountered a connection error and is not queryable')],
    ['cause chain', new Error('outer', { cause: withProps('inner', { code: 'ECONNREFUSED' }) })],
    ['broker unreachable', withProps('Connection error: connect ECONNREFUSED', { name: 'KafkaJSConnectionError' })],
    ['broker retries exhausted', withProps('retries exceeded', { name: 'KafkaJSNumberOfRetriesExceeded' })],
  ])('%s: yes', (_, error) => {
    expect(isConnectionLoss(error)).toBe(true);
  });

  it.each([
    ['unique violation', withProps('duplicate key value violates unique constraint', { code: '23505' })],
    ['serialization failure', withProps('could not serialize access', { code: '40001' })],
    ['syntax error', withProps('syntax error at or near', { code: '42601' })],
    ['a missing file', withProps("ENOENT: no such file or directory, open 'x.json'", { code: 'ENOENT', syscall: 'open' })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['not an error', 'Connection terminated'],
    ['null', null],
  ])('%s: no', (_, error) => {
    expect(isConnectionLoss(error)).toBe(false);
  });
});
