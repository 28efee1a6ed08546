import { ProblemException, Problems, type ProblemDetails } from '@credits/platform';
import { IDEMPOTENCY_KEY_PATTERN } from '@credits/contracts/http';
import type { Response } from 'express';
import type { WalletCommandResponse } from './wallet-command.executor';

export function requireIdempotencyKey(key: string | undefined): string {
  if (!key) throw Problems.validation([{ field: 'Idempotency-Key', reason: 'header is required for changes to a wallet' }]);
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw Problems.validation([{ field: 'Idempotency-Key', reason: 'must be 1-200 characters of letters, digits and . _ : -' }]);
  }
  return key;
}

/** Sends the first response again on a retry, marked so clients can tell; a refusal leaves through the problem filter. */
export function sendWalletResponse(res: Pick<Response, 'setHeader' | 'status'>, response: WalletCommandResponse): object {
  if (response.replayed) res.setHeader('idempotent-replayed', 'true');
  if (response.status >= 400) throw ProblemException.fromDetails(response.body as ProblemDetails);
  res.status(response.status);
  return response.body;
}
