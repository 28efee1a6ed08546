import { randomFillSync } from 'node:crypto';

const IDS_PER_FILL = 256;
const randomBits = Buffer.alloc(16 * IDS_PER_FILL);
let nextSlot = IDS_PER_FILL;
let lastMs = 0;
let sequence = 0;

/**
 * A UUIDv7 (RFC 9562): Unix milliseconds in the first 48 bits, a 12-bit sequence, random bits
 * after. Events and what they name are keys of unique indexes written with every event (the event
 * id, the inbox's message id, a deduction's id): a random id lands on a random page of an index that
 * grows without end, these land at its end. Within a thread each id sorts after the one before: the
 * sequence starts at a random value below 2048 each millisecond and, once spent (4,096 ids in one
 * millisecond) or when the clock steps back, the last millisecond is carried on (RFC 9562 6.2,
 * method 1). Random bits are drawn 256 ids at a time, as `randomUUID` does.
 */
export function timeOrderedUuid(nowMs: number = Date.now()): string {
  if (nextSlot === IDS_PER_FILL) {
    randomFillSync(randomBits);
    nextSlot = 0;
  }
  const bytes = randomBits.subarray(16 * nextSlot, 16 * nextSlot + 16);
  nextSlot++;
  if (nowMs > lastMs) {
    lastMs = nowMs;
    sequence = bytes.readUInt16BE(6) & 0x7ff;
  } else if (++sequence > 0xfff) {
    lastMs++;
    sequence = 0;
  }
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes.writeUInt16BE(0x7000 | sequence, 6);
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
