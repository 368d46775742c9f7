// The caller card of a screen-pop event: what the agent sees the moment a call is offered.
import type { ScreenPop, OpenTicket } from '@/api/callcenter';
import { maskPhone } from '@/views/service/ticketLogic';

export interface CallerCard {
  known: boolean;
  customerId: number | null;
  name: string | null;
  tier: string | null;
  vip: boolean;
  phone: string;
  lifetimeValue: number | null;
  currency: string;
  orderCount: number;
  points: number | null;
  openTickets: OpenTicket[];
  lastOrders: Array<{ id: number; external_id: string; platform: string; paid_amount: number; currency: string; created_at: string; status: string }>;
  notes: Array<{ id: number; summary: string; type: string; occurred_at: string; author: string }>;
  tags: string[];
  waitS: number;
  queueId: number | null;
  callId: number;
  ivrPath: string[];
}

/** Builds the card from the event; the number is masked unless the viewer may see PII. */
export function callerCard(pop: ScreenPop, canViewPii: boolean): CallerCard {
  const c = pop.caller?.customer;
  const number = pop.caller?.number || pop.call?.number || '';
  const profile = c?.profile;
  return {
    known: Boolean(pop.caller?.known && c),
    customerId: profile?.id ?? pop.call?.customer_id ?? null,
    name: profile?.name ?? null,
    tier: profile?.tier ?? null,
    vip: Boolean(pop.call?.vip),
    phone: canViewPii ? number : maskPhone(number),
    lifetimeValue: c?.stats?.net_revenue ?? null,
    currency: c?.stats?.currency ?? 'CNY',
    orderCount: c?.stats?.order_count ?? 0,
    points: (c?.loyalty as { points?: number } | undefined)?.points ?? null,
    // Older servers send no open_tickets: the 360's tickets that are not resolved or closed.
    openTickets: pop.caller?.open_tickets ?? ((c?.tickets ?? []) as unknown as OpenTicket[]).filter((x) => x.status !== 'resolved' && x.status !== 'closed'),
    lastOrders: (c?.recent_orders ?? []).slice(0, 5).map((o) => ({
      id: o.id, external_id: o.external_id, platform: o.platform, paid_amount: o.paid_amount, currency: o.currency, created_at: o.created_at, status: o.status,
    })),
    notes: (c?.notes ?? []).slice(0, 5).map((n) => ({ id: n.id, summary: n.summary, type: n.type, occurred_at: n.occurred_at, author: n.author })),
    tags: (c?.tags ?? []).map((x) => x.name),
    waitS: pop.wait_s ?? 0,
    queueId: pop.call?.queue_id ?? null,
    callId: pop.call?.id ?? 0,
    ivrPath: pop.call?.ivr_path ?? [],
  };
}

/** mm:ss of a number of seconds. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
