// Pure logic of the service screens (unit-tested): SLA badges, allowed transitions,
// canned-response variables.
import type { Ticket, TicketStatus } from '@/api/service';

export type SlaBadgeKind = 'on_track' | 'at_risk' | 'breached' | 'met' | 'paused' | 'none';
export interface SlaBadge {
  kind: SlaBadgeKind;
  /** The next due instant of a clock still running (first response, then resolution). */
  due: string | null;
  /** due − now in ms (negative when overdue); null without a due time. */
  remainingMs: number | null;
  clock: 'first_response' | 'resolution' | null;
}

type SlaFields = Pick<Ticket, 'sla_state' | 'first_response_at' | 'first_response_due' | 'resolution_due' | 'resolved_at' | 'status'>;

/** What the SLA badge of a ticket shows at `now`: the server's state, refined by the clock. */
export function slaBadge(t: SlaFields, now: number = Date.now()): SlaBadge {
  let clock: SlaBadge['clock'] = null;
  let due: string | null = null;
  const closed = t.status === 'resolved' || t.status === 'closed';
  if (!closed) {
    const candidates: Array<[SlaBadge['clock'], string]> = [];
    if (!t.first_response_at && t.first_response_due) candidates.push(['first_response', t.first_response_due]);
    if (!t.resolved_at && t.resolution_due) candidates.push(['resolution', t.resolution_due]);
    candidates.sort((a, b) => Date.parse(a[1]) - Date.parse(b[1]));
    if (candidates.length) [clock, due] = candidates[0];
  }
  const remainingMs = due ? Date.parse(due) - now : null;
  let kind: SlaBadgeKind;
  switch (t.sla_state) {
    case 'breached': kind = 'breached'; break;
    case 'warning': kind = 'at_risk'; break;
    case 'paused': kind = 'paused'; break;
    case 'met': kind = 'met'; break;
    case 'running': kind = 'on_track'; break;
    default: kind = 'none';
  }
  // The server re-evaluates on its own schedule; between two looks the clock may have run out.
  if ((kind === 'on_track' || kind === 'at_risk') && remainingMs !== null && remainingMs < 0) kind = 'breached';
  return { kind, due, remainingMs, clock };
}

export interface Countdown { overdue: boolean; days: number; hours: number; minutes: number }
/** Splits a duration in ms into days / hours / minutes (absolute value; `overdue` when negative). */
export function countdown(ms: number): Countdown {
  const overdue = ms < 0;
  let m = Math.floor(Math.abs(ms) / 60000);
  const days = Math.floor(m / 1440);
  m -= days * 1440;
  const hours = Math.floor(m / 60);
  return { overdue, days, hours, minutes: m - hours * 60 };
}

/** "2d 3h" / "3h 20m" / "12m" with localized unit letters. */
export function formatCountdown(ms: number, units: { d: string; h: string; m: string } = { d: 'd', h: 'h', m: 'm' }): string {
  const c = countdown(ms);
  if (c.days > 0) return `${c.days}${units.d} ${c.hours}${units.h}`;
  if (c.hours > 0) return `${c.hours}${units.h} ${c.minutes}${units.m}`;
  return `${c.minutes}${units.m}`;
}

/**
 * The moves a user may make by hand from `from` (the server's workflow; `assigned` is reached by
 * assigning, so it is not offered as a button).
 */
export function allowedTransitions(from: TicketStatus, closingRequiresResolved = true): TicketStatus[] {
  let out: TicketStatus[];
  switch (from) {
    case 'new':
    case 'assigned':
      out = ['in_progress', 'waiting_customer', 'resolved'];
      break;
    case 'in_progress':
      out = ['waiting_customer', 'resolved'];
      break;
    case 'waiting_customer':
      out = ['in_progress', 'resolved'];
      break;
    case 'resolved':
      return ['closed', 'in_progress'];
    case 'closed':
      return ['in_progress'];
    default:
      return [];
  }
  if (!closingRequiresResolved) out.push('closed');
  return out;
}

/** Fills {{customer.name}}-style variables; unknown variables are left as they are. */
export function fillTemplate(body: string, vars: Record<string, string | number | null | undefined>): string {
  return body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, key: string) => {
    const v = vars[key];
    return v === undefined || v === null || v === '' ? whole : String(v);
  });
}

/** The variables a template uses, in order of first appearance. */
export function templateVariables(body: string): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) if (!out.includes(m[1])) out.push(m[1]);
  return out;
}

/** 138****1234 for a phone number (keeps +86-less last 11 digits' head and tail). */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '—';
  if (phone.includes('*')) return phone;
  const digits = phone.replace(/[^\d]/g, '');
  const local = digits.length > 11 && digits.startsWith('86') ? digits.slice(2) : digits;
  if (local.length < 7) return local.replace(/\d(?=\d{2})/g, '*');
  return `${local.slice(0, 3)}****${local.slice(-4)}`;
}

/** Element Plus tag type of a ticket status / priority. */
export function statusTagType(s: string): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  return ({ new: 'danger', assigned: 'warning', in_progress: 'primary', waiting_customer: 'warning', resolved: 'success', closed: 'info' } as const)[s as TicketStatus] ?? 'info';
}
export function priorityTagType(p: string): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  return ({ low: 'info', normal: 'primary', high: 'warning', urgent: 'danger' } as const)[p as 'low'] ?? 'info';
}
