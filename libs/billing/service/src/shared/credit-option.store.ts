import { creditsToText } from '@credits/contracts';
import { type OptionSnapshot } from '@credits/billing-domain';
import type { CreditOptionResponse } from '@credits/contracts/http';
import { Problems } from '@credits/platform/core';
import type { Pool, PoolClient } from 'pg';

interface OptionRow {
  id: string;
  location_id: string;
  name: string;
  credits: string;
  price_amount: string;
  price_currency: string;
  status: 'active' | 'archived';
}

export interface StoredOption extends OptionSnapshot {
  readonly locationId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = 'id, location_id, name, credits, price_amount, price_currency, status';

function fromRow(row: OptionRow): StoredOption {
  return {
    optionId: row.id,
    locationId: row.location_id,
    name: row.name,
    status: row.status,
    credits: Number(row.credits),
    listPrice: { amount: Number(row.price_amount), currency: row.price_currency },
  };
}

/** An option of the location (optionally row-locked), or null; ids that are no UUID name nothing. */
export async function loadOption(db: Pool | PoolClient, locationId: string, optionId: string, forUpdate = false): Promise<StoredOption | null> {
  if (!UUID.test(optionId)) return null;
  const result = await db.query<OptionRow>(`SELECT ${COLUMNS} FROM billing.credit_options WHERE id = $1 AND location_id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`, [
    optionId,
    locationId,
  ]);
  return result.rows[0] ? fromRow(result.rows[0]) : null;
}

export async function requireOption(db: Pool | PoolClient, locationId: string, optionId: string, forUpdate = false): Promise<StoredOption> {
  const option = await loadOption(db, locationId, optionId, forUpdate);
  if (!option) throw Problems.notFound(`credit option ${optionId} does not exist`);
  return option;
}

/** The location's options with this status, by name. */
export async function listOptions(db: Pool | PoolClient, locationId: string, status: 'active' | 'archived'): Promise<StoredOption[]> {
  const result = await db.query<OptionRow>(`SELECT ${COLUMNS} FROM billing.credit_options WHERE location_id = $1 AND status = $2 ORDER BY name, id`, [locationId, status]);
  return result.rows.map(fromRow);
}

export async function saveOption(client: PoolClient, option: StoredOption, now: Date): Promise<void> {
  await client.query(
    `INSERT INTO billing.credit_options (id, location_id, name, credits, price_amount, price_currency, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, credits = EXCLUDED.credits, price_amount = EXCLUDED.price_amount,
       price_currency = EXCLUDED.price_currency, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at`,
    [option.optionId, option.locationId, option.name, option.credits, option.listPrice.amount, option.listPrice.currency, option.status, now],
  );
}

export function optionResponse(option: StoredOption): CreditOptionResponse {
  return {
    id: option.optionId,
    locationId: option.locationId,
    name: option.name,
    credits: creditsToText(option.credits),
    price: option.listPrice,
    status: option.status,
  };
}

/** Prices are in the location's currency (R3: a location has one). */
export function requireLocationCurrency(currency: string, locationCurrency: string): void {
  if (currency !== locationCurrency) throw Problems.validation([{ field: 'price.currency', reason: `must be the location currency ${locationCurrency}` }]);
}
