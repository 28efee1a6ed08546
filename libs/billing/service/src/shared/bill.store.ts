import { purchaseDescription, type Purchase } from '@credits/billing-domain';
import type { BillResponse } from '@credits/contracts/http';
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';

/**
 * Adds the purchase as a line to the open bill of its wallet's holder, opening one if none is open
 * (a partial unique index keeps one open bill per holder, so concurrent purchases share it).
 * Returns the bill's id.
 */
export async function addBillLine(client: PoolClient, purchase: Purchase, now: Date): Promise<string> {
  const { locationId, wallet, price } = purchase;
  const holder = [locationId, wallet.ownerType, wallet.ownerId];
  await client.query(
    `INSERT INTO billing.bills (id, location_id, holder_type, holder_id, currency, status, opened_at) VALUES ($4, $1, $2, $3, $5, 'open', $6)
     ON CONFLICT (location_id, holder_type, holder_id) WHERE status = 'open' DO NOTHING`,
    [...holder, randomUUID(), price.currency, now],
  );
  const bill = await client.query<{ id: string }>(`SELECT id FROM billing.bills WHERE location_id = $1 AND holder_type = $2 AND holder_id = $3 AND status = 'open'`, holder);
  const billId = bill.rows[0].id;
  await client.query(
    `INSERT INTO billing.bill_lines (id, bill_id, purchase_id, description, amount, currency, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [randomUUID(), billId, purchase.purchaseId, purchaseDescription(purchase), price.amount, price.currency, now],
  );
  await client.query(`UPDATE billing.credit_purchases SET bill_id = $2 WHERE id = $1`, [purchase.purchaseId, billId]);
  return billId;
}

interface BillRow {
  id: string;
  location_id: string;
  holder_type: 'user' | 'company';
  holder_id: string;
  currency: string;
  status: 'open' | 'closed';
  opened_at: Date;
  lines: Array<{ id: string; purchase_id: string; description: string; amount: string; created_at: string }>;
}

/** Bills of the location, or of one holder, with their lines; open bills first, newest first. */
export async function listBills(db: Pool | PoolClient, locationId: string, holder: { readonly ownerType: 'user' | 'company'; readonly ownerId: string } | null): Promise<BillResponse[]> {
  const result = await db.query<BillRow>(
    `SELECT b.id, b.location_id, b.holder_type, b.holder_id, b.currency, b.status, b.opened_at,
            coalesce((SELECT json_agg(json_build_object('id', l.id, 'purchase_id', l.purchase_id, 'description', l.description,
                                                        'amount', l.amount::text, 'created_at', l.created_at) ORDER BY l.created_at, l.id)
                      FROM billing.bill_lines l WHERE l.bill_id = b.id), '[]') AS lines
     FROM billing.bills b
     WHERE b.location_id = $1 AND ($2::text IS NULL OR (b.holder_type = $2 AND b.holder_id = $3))
     ORDER BY b.status = 'open' DESC, b.opened_at DESC, b.id LIMIT 500`,
    [locationId, holder?.ownerType ?? null, holder?.ownerId ?? null],
  );
  return result.rows.map((row) => {
    const lines = row.lines.map((line) => ({
      id: line.id,
      purchaseId: line.purchase_id,
      description: line.description,
      amount: { amount: Number(line.amount), currency: row.currency },
      createdAt: new Date(line.created_at).toISOString(),
    }));
    return {
      id: row.id,
      locationId: row.location_id,
      holder: { ownerType: row.holder_type, ownerId: row.holder_id },
      status: row.status,
      total: { amount: lines.reduce((sum, line) => sum + line.amount.amount, 0), currency: row.currency },
      openedAt: row.opened_at.toISOString(),
      lines,
    };
  });
}
