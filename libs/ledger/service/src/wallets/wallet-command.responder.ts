import { Problems } from '@credits/platform';
import type { Response } from 'express';
import type { WalletCommandResponse } from './wallet-command.executor';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

export function requireIdempotencyKey(key: string | undefined): string {
  if (!key) throw Problems.validation([{ field: 'Idempotency-Key', reason: 'header is required for changes to a wallet' }]);
  if (!KEY_PATTERN.test(key)) {
    throw Problems.validation([{ field: 'Idempotency-Key', reason: 'must be 1-200 characters of letters, digits and . _ : -' }]);
  }
  return key;
}

/** Sends the first response again on a retry, marked so clients can tell. */
export function sendWalletResponse(res: Response, response: WalletCommandResponse): object {
  res.status(response.status);
  if (response.status >= 400) res.type('application/problem+json');
  if (response.replayed) res.setHeader('idempotent-replayed', 'true');
  return response.body;
}
