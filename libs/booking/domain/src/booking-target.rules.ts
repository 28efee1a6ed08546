import type { Resource } from './resource';
import { clockMinutes, isCalendarDate, localParts, nextDate, startOfLocalDay } from './local-time.value';

/** What the caller asks to book; which fields count depends on the resource type. */
export interface BookingTarget {
  readonly start?: string;
  readonly end?: string;
  readonly date?: string;
  readonly quantity?: number;
}

/** A valid target, resolved: the interval it occupies and how many units it is priced for. */
export interface Slot {
  readonly start: string | null;
  readonly end: string | null;
  readonly date: string | null;
  readonly quantity: number;
  /** rooms: minutes booked; desks: 1 day; events and products: the quantity */
  readonly units: number;
  /** the instant the refund policy counts back from; null: refundable until fulfilled (products) */
  readonly policyStart: string | null;
}

export type TargetResult = { readonly ok: true; readonly slot: Slot } | { readonly ok: false; readonly field: string; readonly reason: string };

const MINUTE = 60_000;
const fail = (field: string, reason: string): TargetResult => ({ ok: false, field, reason });

/**
 * Checks what is asked against the resource (R16): a room by a whole-minute interval inside its
 * opening hours and duration limits, on one local day; a desk by a date; tickets and products by a
 * quantity; nothing in the past, no event that has started.
 */
export function resolveTarget(resource: Resource, target: BookingTarget, timeZone: string, now: string): TargetResult {
  const nowMs = Date.parse(now);
  switch (resource.type) {
    case 'room':
      return roomSlot(resource, target, timeZone, nowMs);
    case 'desk': {
      if (target.date === undefined) return fail('date', 'a desk is booked for a date (YYYY-MM-DD)');
      if (!isCalendarDate(target.date)) return fail('date', `${target.date} is not a calendar date`);
      const start = startOfLocalDay(target.date, timeZone);
      const end = startOfLocalDay(nextDate(target.date), timeZone);
      if (end <= nowMs) return fail('date', `${target.date} is over`);
      return { ok: true, slot: { start: new Date(start).toISOString(), end: new Date(end).toISOString(), date: target.date, quantity: 1, units: 1, policyStart: new Date(start).toISOString() } };
    }
    case 'event': {
      const quantity = target.quantity ?? 1;
      if (resource.startsAt === null || resource.endsAt === null) return fail('resourceId', 'the event has no time');
      if (Date.parse(resource.startsAt) <= nowMs) return fail('resourceId', 'the event has started: tickets are no longer sold');
      return { ok: true, slot: { start: resource.startsAt, end: resource.endsAt, date: null, quantity, units: quantity, policyStart: resource.startsAt } };
    }
    case 'product': {
      const quantity = target.quantity ?? 1;
      return { ok: true, slot: { start: null, end: null, date: null, quantity, units: quantity, policyStart: null } };
    }
    default: {
      const unknown: never = resource.type;
      throw new Error(`unknown resource type ${String(unknown)}`);
    }
  }
}

function roomSlot(resource: Resource, target: BookingTarget, timeZone: string, nowMs: number): TargetResult {
  if (target.start === undefined) return fail('start', 'a room is booked from start to end (ISO-8601 instants)');
  if (target.end === undefined) return fail('end', 'a room is booked from start to end (ISO-8601 instants)');
  const start = Date.parse(target.start);
  const end = Date.parse(target.end);
  if (Number.isNaN(start)) return fail('start', 'must be an ISO-8601 instant');
  if (Number.isNaN(end)) return fail('end', 'must be an ISO-8601 instant');
  if (start % MINUTE !== 0 || end % MINUTE !== 0) return fail('start', 'start and end must be whole minutes');
  if (end <= start) return fail('end', 'must be after start');
  if (start < nowMs) return fail('start', 'must not be in the past');
  const minutes = (end - start) / MINUTE;
  if (minutes < resource.minDurationMinutes) return fail('end', `this room is booked for at least ${resource.minDurationMinutes} minutes`);
  if (minutes > resource.maxDurationMinutes) return fail('end', `this room is booked for at most ${resource.maxDurationMinutes} minutes`);
  if (resource.openingHours !== null) {
    const from = localParts(start, timeZone);
    const to = localParts(end, timeZone);
    const opens = clockMinutes(resource.openingHours.opens);
    const closes = clockMinutes(resource.openingHours.closes);
    // An end at local midnight belongs to the day before: it is the 24:00 of the booking's day.
    const toMinutes = to.date !== from.date && to.minutes === 0 && nextDate(from.date) === to.date ? 24 * 60 : to.date === from.date ? to.minutes : Infinity;
    if (from.minutes < opens || toMinutes > closes) {
      return fail('start', `the room is open ${resource.openingHours.opens}-${resource.openingHours.closes} (${timeZone}) on one day`);
    }
  }
  return {
    ok: true,
    slot: { start: new Date(start).toISOString(), end: new Date(end).toISOString(), date: null, quantity: 1, units: minutes, policyStart: new Date(start).toISOString() },
  };
}
