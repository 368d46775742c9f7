import { describe, expect, it } from 'vitest';
import { allowedTransitions, countdown, fillTemplate, formatCountdown, maskPhone, slaBadge, templateVariables } from '@/views/service/ticketLogic';
import { callerCard } from '@/views/callcenter/screenpop';
import { parseSse } from '@/views/callcenter/sse';
import type { ScreenPop } from '@/api/callcenter';

const base = {
  status: 'in_progress' as const,
  first_response_at: null as string | null,
  first_response_due: '2026-12-07T02:00:00.000Z',
  resolution_due: '2026-12-07T09:00:00.000Z',
  resolved_at: null as string | null,
};
const NOW = Date.parse('2026-12-07T01:00:00.000Z');

describe('SLA badge', () => {
  it('maps the server states to badges', () => {
    expect(slaBadge({ ...base, sla_state: 'running' }, NOW).kind).toBe('on_track');
    expect(slaBadge({ ...base, sla_state: 'warning' }, NOW).kind).toBe('at_risk');
    expect(slaBadge({ ...base, sla_state: 'breached' }, NOW).kind).toBe('breached');
    expect(slaBadge({ ...base, sla_state: 'paused' }, NOW).kind).toBe('paused');
    expect(slaBadge({ ...base, sla_state: 'met', status: 'resolved' }, NOW).kind).toBe('met');
    expect(slaBadge({ ...base, sla_state: 'none' }, NOW).kind).toBe('none');
  });
  it('counts down to the earliest running clock', () => {
    const b = slaBadge({ ...base, sla_state: 'running' }, NOW);
    expect(b.clock).toBe('first_response');
    expect(b.remainingMs).toBe(3600000);
    const answered = slaBadge({ ...base, sla_state: 'running', first_response_at: '2026-12-07T00:30:00.000Z' }, NOW);
    expect(answered.clock).toBe('resolution');
    expect(answered.remainingMs).toBe(8 * 3600000);
  });
  it('shows breached once the due time passed before the server noticed', () => {
    const b = slaBadge({ ...base, sla_state: 'warning' }, Date.parse('2026-12-07T03:00:00.000Z'));
    expect(b.kind).toBe('breached');
    expect(b.remainingMs).toBeLessThan(0);
  });
  it('has no countdown on resolved tickets', () => {
    expect(slaBadge({ ...base, status: 'resolved', sla_state: 'met', resolved_at: '2026-12-07T00:00:00Z' }, NOW).due).toBeNull();
  });
  it('formats countdowns', () => {
    expect(countdown(-90 * 60000)).toEqual({ overdue: true, days: 0, hours: 1, minutes: 30 });
    expect(formatCountdown((26 * 60 + 5) * 60000)).toBe('1d 2h');
    expect(formatCountdown(65 * 60000, { d: '天', h: '小时', m: '分' })).toBe('1小时 5分');
    expect(formatCountdown(12 * 60000)).toBe('12m');
  });
});

describe('ticket workflow', () => {
  it('offers only the moves the server allows', () => {
    expect(allowedTransitions('new')).toEqual(['in_progress', 'waiting_customer', 'resolved']);
    expect(allowedTransitions('in_progress')).toEqual(['waiting_customer', 'resolved']);
    expect(allowedTransitions('waiting_customer')).toEqual(['in_progress', 'resolved']);
    expect(allowedTransitions('resolved')).toEqual(['closed', 'in_progress']);
    expect(allowedTransitions('closed')).toEqual(['in_progress']);
  });
  it('offers close on open tickets when the shop allows closing unresolved tickets', () => {
    expect(allowedTransitions('in_progress', false)).toContain('closed');
    expect(allowedTransitions('resolved', false)).toEqual(['closed', 'in_progress']);
  });
});

describe('canned responses', () => {
  it('fills known variables and keeps unknown ones', () => {
    const body = '{{customer.name}}您好，工单 {{ ticket.id }} 由 {{agent.name}} 跟进 {{x.y}}';
    expect(fillTemplate(body, { 'customer.name': '张三', 'ticket.id': 42, 'agent.name': '小王' })).toBe('张三您好，工单 42 由 小王 跟进 {{x.y}}');
    expect(templateVariables(body)).toEqual(['customer.name', 'ticket.id', 'agent.name', 'x.y']);
  });
});

describe('screen-pop', () => {
  it('masks phones', () => {
    expect(maskPhone('+8618043349153')).toBe('180****9153');
    expect(maskPhone('13800001234')).toBe('138****1234');
    expect(maskPhone('138****1234')).toBe('138****1234');
    expect(maskPhone(null)).toBe('—');
  });
  it('builds the caller card and masks the number without pii.view', () => {
    const pop = {
      call: { id: 7, direction: 'inbound', number: '13800001234', queue_id: 1, agent_id: 2, customer_id: 9, vip: true, ivr_path: ['main'], offered_at: '' },
      wait_s: 4,
      caller: {
        known: true,
        number: '13800001234',
        customer: { profile: { id: 9, name: '李四', tier: 'VIP会员' }, stats: { net_revenue: 123400, currency: 'CNY', order_count: 3 }, recent_orders: [], notes: [], tags: [{ name: '高价值' }], loyalty: { points: 10 } },
        open_tickets: [{ id: 1, subject: 's', status: 'new', priority: 'high', sla_state: 'warning' }],
      },
    } as unknown as ScreenPop;
    const c = callerCard(pop, false);
    expect(c).toMatchObject({ known: true, customerId: 9, name: '李四', tier: 'VIP会员', vip: true, phone: '138****1234', lifetimeValue: 123400, orderCount: 3, points: 10, tags: ['高价值'] });
    expect(c.openTickets).toHaveLength(1);
    expect(callerCard(pop, true).phone).toBe('13800001234');
    const unknown = callerCard({ ...pop, caller: { known: false, number: '13911112222' } } as ScreenPop, false);
    expect(unknown.known).toBe(false);
    expect(unknown.phone).toBe('139****2222');
  });
  it('parses server-sent events across chunks', () => {
    const a = parseSse('event: hello\ndata: {"agent_id":1}\n\nevent: screen_pop\ndata: {"wait_s"');
    expect(a.messages).toEqual([{ event: 'hello', data: '{"agent_id":1}' }]);
    const b = parseSse(`${a.rest}:2}\n\n: keep-alive\n\n`);
    expect(b.messages).toEqual([{ event: 'screen_pop', data: '{"wait_s":2}' }]);
    expect(b.rest).toBe('');
  });
});
