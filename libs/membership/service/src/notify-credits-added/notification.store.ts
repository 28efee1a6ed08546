import type { CreditsAddedNotification } from '@credits/contracts';
import { LOCK_KEY_SQL } from '@credits/event-store';
import type { Pool, PoolClient } from 'pg';
import type { CreditsAdded } from './credits-added.notification';

/** The active managers of a company of the location. */
export async function companyManagers(db: Pool | PoolClient, locationId: string, companyId: string): Promise<string[]> {
  const result = await db.query<{ user_id: string }>(
    `SELECT cm.user_id FROM membership.companies c
     JOIN membership.company_members cm ON cm.company_id = c.id AND cm.active AND cm.is_manager
     WHERE c.id::text = $2 AND c.location_id = $1`,
    [locationId, companyId],
  );
  return result.rows.map((row) => row.user_id);
}

/**
 * Stores a recipient's next notification and returns it. The recipient's lock is held until the
 * transaction ends, so their sequence numbers follow commit order without gaps: a stream that saw
 * n has seen everything up to n.
 */
export async function appendNotification(client: PoolClient, recipientId: string, content: CreditsAdded, eventId: string): Promise<CreditsAddedNotification> {
  await client.query(LOCK_KEY_SQL, [`notifications:${recipientId}`]);
  const next = await client.query<{ sequence: string }>(
    `SELECT (coalesce(max(sequence), 0) + 1)::text AS sequence FROM membership.notifications WHERE recipient_id = $1`,
    [recipientId],
  );
  const notification: CreditsAddedNotification = { recipientId, sequence: Number(next.rows[0].sequence), ...content };
  await client.query(
    `INSERT INTO membership.notifications (recipient_id, sequence, kind, location_id, wallet_owner_type, wallet_owner_id, amount, source, purchase_id, occurred_at, event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      recipientId,
      notification.sequence,
      content.kind,
      content.locationId,
      content.wallet.ownerType,
      content.wallet.ownerId,
      content.amount,
      content.source,
      content.purchaseId,
      content.occurredAt,
      eventId,
    ],
  );
  return notification;
}

interface NotificationRow {
  recipient_id: string;
  sequence: string;
  location_id: string;
  wallet_owner_type: 'user' | 'company';
  wallet_owner_id: string;
  amount: string;
  source: CreditsAddedNotification['source'];
  purchase_id: string | null;
  occurred_at: Date;
}

/** A recipient's notifications after `after`, oldest first, at most `limit`. */
export async function readNotifications(db: Pool | PoolClient, recipientId: string, after: number, limit: number): Promise<CreditsAddedNotification[]> {
  const result = await db.query<NotificationRow>(
    `SELECT recipient_id, sequence::text, location_id, wallet_owner_type, wallet_owner_id, amount::text, source, purchase_id, occurred_at
     FROM membership.notifications WHERE recipient_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3`,
    [recipientId, after, limit],
  );
  return result.rows.map((row) => ({
    recipientId: row.recipient_id,
    sequence: Number(row.sequence),
    kind: 'credits-added',
    locationId: row.location_id,
    wallet: { ownerType: row.wallet_owner_type, ownerId: row.wallet_owner_id },
    amount: Number(row.amount),
    source: row.source,
    purchaseId: row.purchase_id,
    occurredAt: row.occurred_at.toISOString(),
  }));
}
