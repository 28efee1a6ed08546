/**
 * Whether an error means a database or broker connection is lost or refused (so the request may
 * succeed once it is back), as opposed to a bug or a refused statement. Read by name and code, so
 * this stays free of the pg and kafkajs packages.
 */
export function isConnectionLoss(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { name, code, syscall, message, cause, errors } = error as { name?: unknown; code?: unknown; syscall?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof name === 'string' && name.startsWith('KafkaJS')) return true;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || PG_UNAVAILABLE.test(code))) return true;
  // a Unix socket whose server is down: its file is gone
  if (code === 'ENOENT' && syscall === 'connect') return true;
  if (typeof message === 'string' && PG_CLIENT_MESSAGES.test(message)) return true;
  // Node wraps the attempts at each address of a host in an AggregateError.
  const nested = [cause, ...(Array.isArray(errors) ? errors : [])];
  return nested.some((inner) => isConnectionLoss(inner, depth + 1));
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** SQLSTATE class 08 (connection exception), 57P01-57P03 and 57P05 (server shutting down, starting up, idle session ended), 53300 (too many connections). */
const PG_UNAVAILABLE = /^(08[0-9A-Z]{3}|57P0[1235]|53300)$/;

/** What node-postgres says, without a code, of a connection that ended or never came. */
const PG_CLIENT_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;
