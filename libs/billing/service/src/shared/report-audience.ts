import { reportMonths } from '@credits/billing-domain';
import { MAX_REPORT_MONTHS, type MemberFactsResponse } from '@credits/contracts/http';
import type { MemberFactsSource, RequestActor } from '@credits/platform';
import { Problems } from '@credits/platform/core';
import { loadCaller, requireAdmin } from './billing-caller';

/**
 * Who may read a report comes first (strangers 404, members 403), then whether the range makes
 * sense (400 on `to`). The location's facts give the time zone the months are in.
 */
export async function reportAudience(
  members: MemberFactsSource,
  locationId: string,
  actor: RequestActor,
  from: string,
  to: string,
): Promise<{ facts: MemberFactsResponse; months: readonly string[] }> {
  const caller = await loadCaller(members, locationId, actor);
  requireAdmin(caller, 'read reports');
  const range = reportMonths(from, to, MAX_REPORT_MONTHS);
  if (!range.ok) throw Problems.validation([...range.problems]);
  return { facts: caller.facts, months: range.months };
}
