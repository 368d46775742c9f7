// A journey definition (the JSON of src/journey/definition.cpp) and the editor's form model.
//
// fromDefinition(def) → form, toDefinition(form) → def. The round trip is exact for every
// definition the server accepts: optional members the JSON left out stay out (null / '' in
// the form), members it gave stay with their value, key order follows the server's docs.
//
// The JSON shape (see src/journey/definition.hpp / README.md):
//   trigger: {type: event, event, segment?, name?, tier?, upgrades_only?, at?}
//          | {type: date, date: birthday|signup_anniversary|first_purchase_anniversary|holiday, holiday?, days_before?, at?}
//          | {type: replenishment, lead_days?, at?} | {type: inactivity, days, at?}
//   audience?: segment rule text; reentry?: "every" | "once" | {days: N};
//   exit?: {events?: [...], rule?}; description?; steps: [...]
//   step: {id, type, next?, name?, ...}
//     wait: exactly one of duration ("30m|2h|3d|1w") / until ("HH:MM") / event (+ timeout, on_event?, on_timeout?)
//     branch: rule, then?, else?      split: variants [{key, weight, next?}] (2..10)
//     send: template, class?          tag: add | remove          coupon: batch
//     points: amount, reason?         task: title, assignee? (owner|csr), due_days?
//     webhook: event                  exit: —
// A birthday trigger covers both solar and lunar birthdays: which one a customer celebrates
// is recorded on the customer (lunar birthdays fire on the lunar date).

export type TriggerType = 'event' | 'date' | 'replenishment' | 'inactivity';
export type DateKind = 'birthday' | 'signup_anniversary' | 'first_purchase_anniversary' | 'holiday';
export type StepType = 'wait' | 'branch' | 'split' | 'send' | 'tag' | 'coupon' | 'points' | 'task' | 'webhook' | 'exit';
export type WaitKind = 'duration' | 'until' | 'event';

export const TRIGGER_TYPES: TriggerType[] = ['event', 'date', 'replenishment', 'inactivity'];
export const DATE_KINDS: DateKind[] = ['birthday', 'signup_anniversary', 'first_purchase_anniversary', 'holiday'];
export const STEP_TYPES: StepType[] = ['wait', 'branch', 'split', 'send', 'tag', 'coupon', 'points', 'task', 'webhook', 'exit'];
export const TRIGGER_EVENTS = [
  'order_paid', 'first_purchase', 'order_refunded', 'order_completed', 'order_shipped', 'tier_changed',
  'segment_entered', 'segment_exited', 'track',
] as const;

/** The JSON as stored (loosely typed: it is data). */
export type JsonObject = Record<string, unknown>;
export interface JourneyDefinition {
  trigger: JsonObject;
  audience?: string;
  reentry?: 'every' | 'once' | { days: number };
  exit?: { events?: string[]; rule?: string };
  description?: string;
  steps: JsonObject[];
  [k: string]: unknown;
}

export interface TriggerForm {
  type: TriggerType;
  // event
  event: string;
  segment: string | null;
  name: string | null;
  tier: string | null;
  upgrades_only: boolean | null;
  // date
  date: DateKind;
  holiday: string | null;
  days_before: number | null;
  // replenishment / inactivity
  lead_days: number | null;
  days: number | null;
  at: string | null; // "HH:MM"; null = the server default (09:00)
}

export interface VariantForm { key: string; weight: number; next: string | null }

export interface StepForm {
  id: string;
  type: StepType;
  name: string | null;
  next: string | null;
  // wait
  waitKind: WaitKind;
  duration: string;
  until: string;
  event: string;
  timeout: string;
  on_event: string | null;
  on_timeout: string | null;
  // branch
  rule: string;
  then: string | null;
  else: string | null;
  // split
  variants: VariantForm[];
  // send
  template: string;
  klass: '' | 'marketing' | 'care' | null;
  // tag
  tagOp: 'add' | 'remove';
  tag: string;
  // coupon
  batch: number | null;
  // points
  amount: number | null;
  reason: string | null;
  // task
  title: string;
  assignee: 'owner' | 'csr' | null;
  due_days: number | null;
  // webhook
  webhookEvent: string;
}

export interface JourneyForm {
  trigger: TriggerForm;
  audience: string | null;
  reentry: 'every' | 'once' | 'days' | null;
  reentryDays: number;
  exitEvents: string[] | null;
  exitRule: string | null;
  hasExit: boolean;
  description: string | null;
  steps: StepForm[];
}

export function emptyTrigger(): TriggerForm {
  return {
    type: 'event', event: 'order_paid', segment: null, name: null, tier: null, upgrades_only: null,
    date: 'birthday', holiday: null, days_before: null, lead_days: null, days: null, at: null,
  };
}

export function emptyStep(type: StepType = 'send', id = 'step1'): StepForm {
  return {
    id, type, name: null, next: null,
    waitKind: 'duration', duration: '1d', until: '09:00', event: 'order_paid', timeout: '3d', on_event: null, on_timeout: null,
    rule: '', then: null, else: null,
    variants: [{ key: 'A', weight: 50, next: null }, { key: 'B', weight: 50, next: null }],
    template: '', klass: null,
    tagOp: 'add', tag: '',
    batch: null,
    amount: 100, reason: null,
    title: '', assignee: null, due_days: null,
    webhookEvent: '',
  };
}

export function emptyJourneyForm(): JourneyForm {
  return {
    trigger: emptyTrigger(), audience: null, reentry: null, reentryDays: 30,
    exitEvents: null, exitRule: null, hasExit: false, description: null,
    steps: [emptyStep('send', 'send')],
  };
}

/** A step id not used yet: "send", "send2", … */
export function newStepId(form: JourneyForm, type: StepType): string {
  const ids = new Set(form.steps.map((s) => s.id));
  if (!ids.has(type)) return type;
  for (let i = 2; ; i++) if (!ids.has(`${type}${i}`)) return `${type}${i}`;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

export function triggerFromJson(t: JsonObject): TriggerForm {
  const f = emptyTrigger();
  f.type = (str(t.type) as TriggerType) ?? 'event';
  f.at = str(t.at);
  if (f.type === 'event') {
    f.event = str(t.event) ?? '';
    f.segment = str(t.segment);
    f.name = str(t.name);
    f.tier = str(t.tier);
    f.upgrades_only = bool(t.upgrades_only);
  } else if (f.type === 'date') {
    f.date = (str(t.date) as DateKind) ?? 'birthday';
    f.holiday = str(t.holiday);
    f.days_before = num(t.days_before);
  } else if (f.type === 'replenishment') {
    f.lead_days = num(t.lead_days);
  } else if (f.type === 'inactivity') {
    f.days = num(t.days);
  }
  return f;
}

export function triggerToJson(f: TriggerForm): JsonObject {
  const o: JsonObject = { type: f.type };
  if (f.type === 'event') {
    o.event = f.event;
    if (f.segment !== null && f.segment !== '') o.segment = f.segment;
    if (f.name !== null && (f.name !== '' || f.event === 'track')) o.name = f.name;
    if (f.tier !== null && f.tier !== '') o.tier = f.tier;
    if (f.upgrades_only !== null) o.upgrades_only = f.upgrades_only;
  } else if (f.type === 'date') {
    o.date = f.date;
    if (f.holiday !== null && (f.date === 'holiday' || f.holiday !== '')) o.holiday = f.holiday;
    if (f.days_before !== null) o.days_before = f.days_before;
  } else if (f.type === 'replenishment') {
    if (f.lead_days !== null) o.lead_days = f.lead_days;
  } else {
    o.days = f.days ?? 90;
  }
  if (f.at !== null && f.at !== '') o.at = f.at;
  return o;
}

export function stepFromJson(s: JsonObject): StepForm {
  const type = (str(s.type) as StepType) ?? 'exit';
  const f = emptyStep(type, str(s.id) ?? '');
  f.name = str(s.name);
  f.next = str(s.next);
  switch (type) {
    case 'wait':
      if (str(s.duration) !== null) {
        f.waitKind = 'duration';
        f.duration = str(s.duration)!;
      } else if (str(s.until) !== null) {
        f.waitKind = 'until';
        f.until = str(s.until)!;
      } else {
        f.waitKind = 'event';
        f.event = str(s.event) ?? '';
        f.timeout = str(s.timeout) ?? '';
        f.on_event = str(s.on_event);
        f.on_timeout = str(s.on_timeout);
      }
      break;
    case 'branch':
      f.rule = str(s.rule) ?? '';
      f.then = str(s.then);
      f.else = str(s.else);
      break;
    case 'split':
      f.variants = Array.isArray(s.variants)
        ? (s.variants as JsonObject[]).map((v) => ({ key: str(v.key) ?? '', weight: num(v.weight) ?? 0, next: str(v.next) }))
        : [];
      break;
    case 'send':
      f.template = str(s.template) ?? '';
      f.klass = (str(s.class) as StepForm['klass']) ?? null;
      break;
    case 'tag':
      if (str(s.remove) !== null && str(s.add) === null) {
        f.tagOp = 'remove';
        f.tag = str(s.remove)!;
      } else {
        f.tagOp = 'add';
        f.tag = str(s.add) ?? '';
      }
      break;
    case 'coupon':
      f.batch = num(s.batch);
      break;
    case 'points':
      f.amount = num(s.amount);
      f.reason = str(s.reason);
      break;
    case 'task':
      f.title = str(s.title) ?? '';
      f.assignee = (str(s.assignee) as StepForm['assignee']) ?? null;
      f.due_days = num(s.due_days);
      break;
    case 'webhook':
      f.webhookEvent = str(s.event) ?? '';
      break;
    case 'exit':
      break;
  }
  return f;
}

export function stepToJson(f: StepForm): JsonObject {
  const o: JsonObject = { id: f.id, type: f.type };
  if (f.name !== null && f.name !== '') o.name = f.name;
  switch (f.type) {
    case 'wait':
      if (f.waitKind === 'duration') o.duration = f.duration;
      else if (f.waitKind === 'until') o.until = f.until;
      else {
        o.event = f.event;
        o.timeout = f.timeout;
        if (f.on_event) o.on_event = f.on_event;
        if (f.on_timeout) o.on_timeout = f.on_timeout;
      }
      break;
    case 'branch':
      o.rule = f.rule;
      if (f.then) o.then = f.then;
      if (f.else) o.else = f.else;
      break;
    case 'split':
      o.variants = f.variants.map((v) => {
        const x: JsonObject = { key: v.key, weight: v.weight };
        if (v.next) x.next = v.next;
        return x;
      });
      break;
    case 'send':
      o.template = f.template;
      if (f.klass) o.class = f.klass;
      break;
    case 'tag':
      o[f.tagOp] = f.tag;
      break;
    case 'coupon':
      o.batch = f.batch ?? 0;
      break;
    case 'points':
      o.amount = f.amount ?? 0;
      if (f.reason !== null && f.reason !== '') o.reason = f.reason;
      break;
    case 'task':
      if (f.assignee) o.assignee = f.assignee;
      o.title = f.title;
      if (f.due_days !== null) o.due_days = f.due_days;
      break;
    case 'webhook':
      o.event = f.webhookEvent;
      break;
    case 'exit':
      break;
  }
  if (f.next) o.next = f.next;
  return o;
}

export function fromDefinition(def: JourneyDefinition): JourneyForm {
  const f = emptyJourneyForm();
  f.trigger = triggerFromJson((def.trigger ?? {}) as JsonObject);
  f.audience = typeof def.audience === 'string' ? def.audience : null;
  if (def.reentry === 'every' || def.reentry === 'once') f.reentry = def.reentry;
  else if (def.reentry && typeof def.reentry === 'object') {
    f.reentry = 'days';
    f.reentryDays = def.reentry.days;
  }
  f.hasExit = def.exit !== undefined && def.exit !== null;
  f.exitEvents = def.exit && Array.isArray(def.exit.events) ? [...def.exit.events] : null;
  f.exitRule = def.exit && typeof def.exit.rule === 'string' ? def.exit.rule : null;
  f.description = typeof def.description === 'string' ? def.description : null;
  f.steps = Array.isArray(def.steps) ? def.steps.map((s) => stepFromJson(s as JsonObject)) : [];
  return f;
}

export function toDefinition(f: JourneyForm): JourneyDefinition {
  const d: JourneyDefinition = { trigger: triggerToJson(f.trigger), steps: [] };
  if (f.audience !== null && f.audience.trim() !== '') d.audience = f.audience;
  if (f.reentry === 'every' || f.reentry === 'once') d.reentry = f.reentry;
  else if (f.reentry === 'days') d.reentry = { days: f.reentryDays };
  const events = (f.exitEvents ?? []).filter((e) => e !== '');
  const rule = f.exitRule && f.exitRule.trim() !== '' ? f.exitRule : null;
  if (f.hasExit || events.length || rule) {
    const exit: { events?: string[]; rule?: string } = {};
    if (f.exitEvents !== null && (events.length || f.hasExit)) exit.events = events;
    if (rule !== null) exit.rule = rule;
    d.exit = exit;
  }
  if (f.description !== null && f.description !== '') d.description = f.description;
  d.steps = f.steps.map(stepToJson);
  return d;
}

/** Minutes of a duration "30m" / "2h" / "3d" / "1w" (null when malformed), as the server parses it. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+)([mhdw])$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]) * { m: 1, h: 60, d: 1440, w: 10080 }[m[2] as 'm' | 'h' | 'd' | 'w'];
  return n > 0 && n <= 366 * 1440 ? n : null;
}

export interface FormProblem { path: string; message: string; params?: Record<string, unknown> }

/**
 * The checks the server makes that do not need the database (ids, targets only forward,
 * waits, weights), as i18n keys under mkt.journey.problems, with the JSON pointer.
 * The server still decides (rules, templates, segments).
 */
export function validateForm(f: JourneyForm): FormProblem[] {
  const out: FormProblem[] = [];
  if (f.trigger.type === 'event' && !f.trigger.event) out.push({ path: '/trigger/event', message: 'eventRequired' });
  if (f.trigger.type === 'event' && f.trigger.event === 'track' && !f.trigger.name) out.push({ path: '/trigger/name', message: 'trackName' });
  if (f.trigger.type === 'date' && f.trigger.date === 'holiday' && !f.trigger.holiday) out.push({ path: '/trigger/holiday', message: 'holidayRequired' });
  if (f.trigger.at && !/^([01]\d|2[0-3]):[0-5]\d$/.test(f.trigger.at)) out.push({ path: '/trigger/at', message: 'timeOfDay' });
  if (f.steps.length === 0) out.push({ path: '/steps', message: 'noSteps' });
  const index = new Map<string, number>();
  f.steps.forEach((s, i) => {
    const p = `/steps/${i}`;
    if (!s.id || s.id === 'end' || s.id.length > 40) out.push({ path: `${p}/id`, message: 'badId' });
    else if (index.has(s.id)) out.push({ path: `${p}/id`, message: 'dupId', params: { id: s.id } });
    else index.set(s.id, i);
  });
  const target = (i: number, key: string, t: string | null) => {
    if (!t || t === 'end') return;
    const at = index.get(t);
    if (at === undefined) out.push({ path: `/steps/${i}/${key}`, message: 'noTarget', params: { id: t } });
    else if (at <= i) out.push({ path: `/steps/${i}/${key}`, message: 'backwards', params: { id: t } });
  };
  f.steps.forEach((s, i) => {
    const p = `/steps/${i}`;
    target(i, 'next', s.next);
    if (s.type === 'wait') {
      if (s.waitKind === 'duration' && parseDuration(s.duration) === null) out.push({ path: `${p}/duration`, message: 'duration' });
      if (s.waitKind === 'until' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(s.until)) out.push({ path: `${p}/until`, message: 'timeOfDay' });
      if (s.waitKind === 'event') {
        if (!s.event) out.push({ path: `${p}/event`, message: 'eventRequired' });
        if (parseDuration(s.timeout) === null) out.push({ path: `${p}/timeout`, message: 'duration' });
        target(i, 'on_event', s.on_event);
        target(i, 'on_timeout', s.on_timeout);
      }
    } else if (s.type === 'branch') {
      if (!s.rule.trim()) out.push({ path: `${p}/rule`, message: 'ruleRequired' });
      target(i, 'then', s.then);
      target(i, 'else', s.else);
    } else if (s.type === 'split') {
      if (s.variants.length < 2 || s.variants.length > 10) out.push({ path: `${p}/variants`, message: 'variantCount' });
      const keys = new Set<string>();
      let total = 0;
      s.variants.forEach((v, k) => {
        if (!v.key || v.key.length > 20) out.push({ path: `${p}/variants/${k}/key`, message: 'variantKey' });
        else if (keys.has(v.key)) out.push({ path: `${p}/variants/${k}/key`, message: 'dupVariant', params: { id: v.key } });
        keys.add(v.key);
        if (v.weight < 0 || v.weight > 100) out.push({ path: `${p}/variants/${k}/weight`, message: 'weight' });
        total += v.weight;
        target(i, `variants/${k}/next`, v.next);
      });
      if (total <= 0) out.push({ path: `${p}/variants`, message: 'weightsZero' });
    } else if (s.type === 'send') {
      if (!s.template) out.push({ path: `${p}/template`, message: 'templateRequired' });
    } else if (s.type === 'tag') {
      if (!s.tag) out.push({ path: `${p}/${s.tagOp}`, message: 'tagRequired' });
    } else if (s.type === 'coupon') {
      if (!s.batch || s.batch <= 0) out.push({ path: `${p}/batch`, message: 'batchRequired' });
    } else if (s.type === 'points') {
      if (!s.amount || s.amount <= 0 || s.amount > 1_000_000) out.push({ path: `${p}/amount`, message: 'points' });
    } else if (s.type === 'task') {
      if (!s.title || s.title.length > 200) out.push({ path: `${p}/title`, message: 'titleRequired' });
    } else if (s.type === 'webhook') {
      if (!s.webhookEvent) out.push({ path: `${p}/event`, message: 'eventRequired' });
    }
  });
  return out;
}

/** The step a problem's JSON pointer names ("/definition/steps/2/template" → 2), or null. */
export function stepIndexOf(pointer: string | undefined): number | null {
  if (!pointer) return null;
  const m = /(?:^|\/)steps\/(\d+)/.exec(pointer);
  return m ? Number(m[1]) : null;
}

/** Per-step figures for the journey page, from the stats outcomes ("suppressed:frequency_cap": 3). */
export interface StepFigures { done: number; waiting: number; ok: number; suppressed: Record<string, number>; errors: number; outcomes: Array<[string, number]> }
export function stepFigures(s: { waiting?: number; outcomes?: Record<string, number> } | undefined): StepFigures {
  const out: StepFigures = { done: 0, waiting: s?.waiting ?? 0, ok: 0, suppressed: {}, errors: 0, outcomes: [] };
  for (const [k, n] of Object.entries(s?.outcomes ?? {})) {
    out.done += n;
    out.outcomes.push([k, n]);
    if (k === 'ok') out.ok += n;
    else if (k.startsWith('suppressed:')) out.suppressed[k.slice('suppressed:'.length)] = (out.suppressed[k.slice('suppressed:'.length)] ?? 0) + n;
    else if (k.startsWith('error')) out.errors += n;
  }
  out.outcomes.sort((a, b) => b[1] - a[1]);
  return out;
}
