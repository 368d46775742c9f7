import { describe, expect, it } from 'vitest';
import {
  emptyJourneyForm, emptyStep, fromDefinition, parseDuration, stepFigures, stepIndexOf, toDefinition, validateForm,
  type JourneyDefinition,
} from '@/views/marketing/journey';
import { hasUnsubscribeHint, renderMustache, smsLength, templateVariables, withSignature } from '@/views/marketing/sms';
import { campaignForm, campaignToRequest } from '@/views/marketing/campaign';
import { tierPreviewRules } from '@/views/loyalty/tiers';

// Definitions as the server returns them (the built-in care templates) and hand-written ones
// that use every step type and optional member.
const DEFS: JourneyDefinition[] = [
  {
    trigger: { type: 'event', event: 'order_refunded' },
    steps: [
      { id: 'wait', type: 'wait', duration: '2d' },
      { id: 'sms', type: 'send', template: '退货关怀短信' },
      { id: 'vip', type: 'branch', rule: 'tier in ("VIP会员", "至尊VIP会员")', then: 'task', else: 'end' },
      { id: 'task', type: 'task', assignee: 'csr', due_days: 1, title: 'VIP客户退货回访' },
    ],
  },
  { trigger: { type: 'date', date: 'birthday', at: '09:00' }, steps: [{ id: 'sms', type: 'send', template: '生日祝福短信' }] },
  {
    trigger: { type: 'event', event: 'segment_entered', segment: '高价值流失客户' },
    reentry: { days: 90 },
    exit: { events: ['order_paid'] },
    steps: [
      { id: 'sms', type: 'send', template: '高价值挽回短信', class: 'marketing' },
      { id: 'task', type: 'task', assignee: 'owner', due_days: 2, title: '高价值流失客户电话回访' },
    ],
  },
  { trigger: { type: 'replenishment', lead_days: 3, at: '10:00' }, steps: [{ id: 'sms', type: 'send', template: '补货提醒短信' }] },
  { trigger: { type: 'date', date: 'holiday', holiday: 'spring_festival', days_before: 1, at: '10:00' }, steps: [{ id: 'sms', type: 'send', template: '春节问候' }] },
  {
    trigger: { type: 'event', event: 'track', name: 'cart_abandoned' },
    audience: 'orders >= 1',
    reentry: 'once',
    exit: { events: ['order_paid', 'order_refunded'], rule: 'orders(7d) >= 1' },
    description: 'every step type',
    steps: [
      { id: 'w1', type: 'wait', until: '09:30', name: '等到早上' },
      { id: 'w2', type: 'wait', event: 'order_paid', timeout: '3d', on_event: 'done', on_timeout: 'ab' },
      { id: 'ab', type: 'split', variants: [{ key: 'A', weight: 70, next: 'sa' }, { key: 'B', weight: 30 }] },
      { id: 'sb', type: 'send', template: 'B', next: 'tag' },
      { id: 'sa', type: 'send', template: 'A', class: 'care' },
      { id: 'tag', type: 'tag', add: '挽回中' },
      { id: 'untag', type: 'tag', remove: '新客' },
      { id: 'c', type: 'coupon', batch: 7 },
      { id: 'p', type: 'points', amount: 200, reason: 'birthday' },
      { id: 'p2', type: 'points', amount: 5 },
      { id: 't', type: 'task', title: '回访' },
      { id: 'h', type: 'webhook', event: 'winback' },
      { id: 'done', type: 'exit' },
    ],
  },
  { trigger: { type: 'inactivity', days: 120 }, steps: [{ id: 'x', type: 'exit' }] },
  { trigger: { type: 'event', event: 'tier_changed', tier: 'VIP会员', upgrades_only: true }, exit: { rule: 'orders >= 3' }, steps: [{ id: 's', type: 'send', template: 'VIP' }] },
];

describe('journey form ↔ JSON', () => {
  it.each(DEFS.map((d, i) => [i, d] as const))('round-trips definition %i exactly', (_i, def) => {
    const back = toDefinition(fromDefinition(JSON.parse(JSON.stringify(def))));
    expect(back).toEqual(def);
  });

  it('writes what the form says', () => {
    const f = emptyJourneyForm();
    f.trigger.type = 'date';
    f.trigger.date = 'birthday';
    f.trigger.at = '09:00';
    f.steps = [emptyStep('wait', 'w'), emptyStep('send', 's')];
    f.steps[0].waitKind = 'until';
    f.steps[0].until = '10:00';
    f.steps[1].template = '生日祝福短信';
    f.reentry = 'days';
    f.reentryDays = 365;
    expect(toDefinition(f)).toEqual({
      trigger: { type: 'date', date: 'birthday', at: '09:00' },
      reentry: { days: 365 },
      steps: [{ id: 'w', type: 'wait', until: '10:00' }, { id: 's', type: 'send', template: '生日祝福短信' }],
    });
  });

  it('finds what the server would refuse', () => {
    const f = fromDefinition(DEFS[5]);
    expect(validateForm(f)).toEqual([]);
    f.steps[3].next = 'w1';
    f.steps[4].id = 'sb';
    const problems = validateForm(f).map((p) => `${p.path} ${p.message}`);
    expect(problems).toContain('/steps/4/id dupId');
    expect(problems).toContain('/steps/3/next backwards');
  });

  it('parses durations like the server', () => {
    expect(parseDuration('30m')).toBe(30);
    expect(parseDuration('2h')).toBe(120);
    expect(parseDuration('3d')).toBe(4320);
    expect(parseDuration('1w')).toBe(10080);
    expect(parseDuration('0d')).toBeNull();
    expect(parseDuration('367d')).toBeNull();
    expect(parseDuration('d')).toBeNull();
  });

  it('maps pointers and outcomes', () => {
    expect(stepIndexOf('/definition/steps/2/template')).toBe(2);
    expect(stepIndexOf('/trigger/at')).toBeNull();
    const f = stepFigures({ waiting: 2, outcomes: { ok: 10, 'suppressed:frequency_cap': 3, 'suppressed:quiet': 1, 'error:no template': 1 } });
    expect(f.done).toBe(15);
    expect(f.suppressed).toEqual({ frequency_cap: 3, quiet: 1 });
    expect(f.errors).toBe(1);
    expect(f.waiting).toBe(2);
  });
});

describe('SMS length', () => {
  it('counts Chinese as 70 / 67', () => {
    expect(smsLength('').segments).toBe(0);
    expect(smsLength('中'.repeat(70))).toMatchObject({ characters: 70, encoding: 'ucs2', segments: 1, unitsPerSegment: 70 });
    expect(smsLength('中'.repeat(71))).toMatchObject({ segments: 2, unitsPerSegment: 67 });
    expect(smsLength('中'.repeat(134)).segments).toBe(2);
    expect(smsLength('中'.repeat(135)).segments).toBe(3);
  });
  it('counts GSM-7 as 160 / 153 with 2-septet extension characters', () => {
    expect(smsLength('a'.repeat(160))).toMatchObject({ encoding: 'gsm7', segments: 1 });
    expect(smsLength('a'.repeat(161))).toMatchObject({ segments: 2, unitsPerSegment: 153 });
    expect(smsLength('€'.repeat(80))).toMatchObject({ units: 160, segments: 1 });
    expect(smsLength('€'.repeat(81)).segments).toBe(2);
  });
  it('counts characters outside the BMP as two units', () => {
    expect(smsLength('😀'.repeat(35))).toMatchObject({ characters: 35, units: 70, segments: 1 });
  });
  it('matches the server on a care template', () => {
    // POST /api/v1/sms-length: 88 characters, ucs2, 2 segments of 67.
    const body = '【{{shop.name}}】{{customer.name}}，感谢您的首次购买！使用中有任何问题请随时联系我们。也推荐您看看{{recommendation.name}}。';
    expect(smsLength(body)).toMatchObject({ characters: 88, encoding: 'ucs2', segments: 2, unitsPerSegment: 67 });
  });
  it('adds the signature once', () => {
    expect(withSignature('您好', '关系小店')).toBe('【关系小店】您好');
    expect(withSignature('【店】您好', '关系小店')).toBe('【店】您好');
    expect(withSignature('您好', '【关系小店】')).toBe('【关系小店】您好');
    expect(withSignature('您好', '')).toBe('您好');
    expect(hasUnsubscribeHint('…回T退订')).toBe(true);
    expect(hasUnsubscribeHint('您好')).toBe(false);
  });
});

describe('mustache subset', () => {
  it('renders variables and sections', () => {
    const vars = { customer: { name: '李雷' }, shop: { name: '小店' }, coupon: { code: '' } };
    expect(renderMustache('【{{shop.name}}】{{customer.name}}您好{{! note }}', vars)).toBe('【小店】李雷您好');
    expect(renderMustache('{{#coupon.code}}券码{{coupon.code}}{{/coupon.code}}{{^coupon.code}}无券{{/coupon.code}}', vars)).toBe('无券');
    expect(renderMustache('{{{customer.name}}} {{& shop.name}} {{missing}}!', vars)).toBe('李雷 小店 !');
    expect(templateVariables('{{customer.name}} {{#coupon.code}}{{coupon.code}}{{/coupon.code}}')).toEqual(['customer.name', 'coupon.code']);
  });
});

describe('campaign form', () => {
  it('builds the request with variants, control group and window', () => {
    const f = campaignForm();
    f.name = '双11';
    f.segment = '高价值客户';
    f.variants = [{ key: 'A', template: 't1', weight: 60 }, { key: 'B', template: 't2', weight: 40 }];
    f.control_pct = 10;
    f.windowOn = true;
    f.window = ['10:00', '20:00'];
    f.throttle = 600;
    expect(campaignToRequest(f)).toEqual({
      name: '双11',
      definition: {
        segment: '高价值客户',
        variants: [{ key: 'A', template: 't1', weight: 60 }, { key: 'B', template: 't2', weight: 40 }],
        control_pct: 10,
        send_window: { start: '10:00', end: '20:00' },
        throttle_per_minute: 600,
        attribution_days: 7,
        class: 'marketing',
      },
    });
  });
});

describe('tier preview rules', () => {
  it('gives one rule per level: qualifies here and not above', () => {
    const rules = tierPreviewRules({
      window_days: 365,
      match: 'any',
      levels: [
        { name: '普通会员', min_revenue: 0, min_purchases: 1 },
        { name: '高级会员', min_revenue: 50000, min_purchases: 2 },
      ],
    });
    expect(rules).toEqual([
      '(orders(365d) >= 1) and not ((revenue(365d) >= 500 or orders(365d) >= 2))',
      '(revenue(365d) >= 500 or orders(365d) >= 2)',
      'not ((orders(365d) >= 1) or (revenue(365d) >= 500 or orders(365d) >= 2))',
    ]);
    const all = tierPreviewRules({ window_days: null, match: 'all', levels: [{ name: 'x', min_revenue: 100, min_purchases: 2 }] });
    expect(all).toEqual(['(revenue >= 1 and orders >= 2)', 'not ((revenue >= 1 and orders >= 2))']);
  });
});
