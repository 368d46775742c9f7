// SMS length and segments, the same rules as src/channel/sms_length.cpp (the server's
// POST /api/v1/sms-length gives the same numbers; this runs on every keystroke):
// GSM-7 when every character is in the GSM 03.38 alphabet (extension characters take 2
// septets): 160 in one message, 153 per part; otherwise UCS-2 (UTF-16 units; characters
// outside the BMP take 2): 70 in one message, 67 per part. A part never splits a character.
// The 【签名】 signature counts: Chinese carriers add it to what the phone receives.

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXT = '\f^{}\\[~]|€';
const BASIC = new Set(Array.from(GSM_BASIC));
const EXT = new Set(Array.from(GSM_EXT));

export interface SmsCount {
  characters: number;
  encoding: 'gsm7' | 'ucs2';
  units: number;
  segments: number;
  unitsPerSegment: number;
  /** Units left in the last segment before another one starts. */
  remaining: number;
}

export function smsLength(text: string): SmsCount {
  const chars = Array.from(text);
  const gsm = chars.every((c) => BASIC.has(c) || EXT.has(c));
  const unitOf = (c: string) => (gsm ? (EXT.has(c) ? 2 : 1) : (c.codePointAt(0)! > 0xffff ? 2 : 1));
  let units = 0;
  for (const c of chars) units += unitOf(c);
  if (chars.length === 0) return { characters: 0, encoding: 'gsm7', units: 0, segments: 0, unitsPerSegment: 0, remaining: 160 };
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  const per = units <= single ? single : multi;
  let segments = 1;
  let used = 0;
  for (const c of chars) {
    const u = unitOf(c);
    if (used + u > per) {
      segments += 1;
      used = 0;
    }
    used += u;
  }
  return { characters: chars.length, encoding: gsm ? 'gsm7' : 'ucs2', units, segments, unitsPerSegment: per, remaining: per - used };
}

/** The text as the phone shows it: the carrier signature 【name】 first unless the body already starts with one. */
export function withSignature(body: string, signName: string | null | undefined): string {
  const name = (signName ?? '').replace(/^【/, '').replace(/】$/, '').trim();
  if (!name || body.startsWith('【')) return body;
  return `【${name}】${body}`;
}

/** Whether a marketing SMS tells the customer how to unsubscribe (回T退订 / 回TD退订 / 拒收请回复R …). */
export function hasUnsubscribeHint(body: string): boolean {
  return /退订|回T|回TD|拒收|unsubscribe|STOP/i.test(body);
}

// ---- a small mustache subset for a local preview ----
// {{name}} and {{a.b}} (escaped in the server? no: HTML escaping is off for messages),
// {{{x}}} and {{& x}}, sections {{#x}}…{{/x}} (shown when x is truthy) and inverted
// {{^x}}…{{/x}}, comments {{! …}}. Enough to preview the server's templates.

export type Vars = Record<string, unknown>;

function lookup(vars: Vars, name: string): unknown {
  if (name === '.') return vars['.'];
  if (name in vars) return vars[name];
  let cur: unknown = vars;
  for (const part of name.split('.')) {
    if (cur && typeof cur === 'object' && part in (cur as Vars)) cur = (cur as Vars)[part];
    else return undefined;
  }
  return cur;
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== undefined && v !== null && v !== false && v !== '' && v !== 0;
}

export function renderMustache(template: string, vars: Vars): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, open);
    const triple = template.startsWith('{{{', open);
    const close = template.indexOf(triple ? '}}}' : '}}', open);
    if (close < 0) {
      out += template.slice(open);
      break;
    }
    const inner = template.slice(open + (triple ? 3 : 2), close).trim();
    const end = close + (triple ? 3 : 2);
    const sigil = inner[0];
    if (sigil === '!') {
      i = end;
    } else if (sigil === '#' || sigil === '^') {
      const name = inner.slice(1).trim();
      const closeTag = new RegExp(`\\{\\{\\s*/\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\}\\}`);
      const rest = template.slice(end);
      const m = closeTag.exec(rest);
      const body = m ? rest.slice(0, m.index) : rest;
      const v = lookup(vars, name);
      const show = sigil === '#' ? truthy(v) : !truthy(v);
      if (show) {
        if (sigil === '#' && Array.isArray(v)) out += v.map((x) => renderMustache(body, typeof x === 'object' && x ? { ...vars, ...(x as Vars) } : { ...vars, '.': x })).join('');
        else out += renderMustache(body, sigil === '#' && v && typeof v === 'object' ? { ...vars, ...(v as Vars) } : vars);
      }
      i = end + (m ? m.index + m[0].length : rest.length);
    } else {
      const name = sigil === '&' ? inner.slice(1).trim() : inner;
      const v = lookup(vars, name);
      out += v === undefined || v === null ? '' : String(v);
      i = end;
    }
  }
  return out;
}

/** The variable names a template uses ({{customer.name}} → "customer.name"), sections included. */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  const re = /\{\{\{?\s*([#^&/]?)\s*([\w.]+)\s*\}?\}\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(template))) if (m[1] !== '/') names.add(m[2]);
  return [...names];
}

/** The variables templates may use (src/outbox: template_variables + standard + trigger context). */
export const TEMPLATE_VARIABLES = [
  'customer.name', 'customer.tier', 'customer.points', 'shop.name', 'coupon.code', 'coupon.amount', 'coupon.valid_until',
  'coupon.expires_at', 'product.name', 'product.sku', 'product.runs_out', 'points.balance', 'points.amount', 'holiday.name',
  'holiday.date', 'unsubscribe_url', 'journey.name', 'campaign.name', 'recommendation.name', 'recommendation.sku', 'order.id',
  'birthday', 'anniversary_years', 'last_purchase', 'days', 'csat.url', 'ticket.id', 'ticket.subject',
] as const;

/** Sample values for a local preview when the server cannot render one. */
export function sampleVars(shopName: string, customer?: { name?: string | null; tier?: string | null }): Vars {
  return {
    customer: { name: customer?.name ?? '张三', tier: customer?.tier ?? 'VIP会员', points: 1280 },
    shop: { name: shopName || '关系小店' },
    coupon: { code: 'VIP-7K3M9XQ2HP', amount: '¥20.00', valid_until: '2026-12-31', expires_at: '2026-12-31' },
    product: { name: '有机绿茶 250g', sku: 'TEA-250', runs_out: '2026-12-20' },
    points: { balance: 1280, amount: 100 },
    holiday: { name: '中秋节', date: '2026-09-25' },
    recommendation: { name: '桂花乌龙', sku: 'TEA-OOL' },
    journey: { name: '生日关怀' },
    campaign: { name: '双11预热' },
    order: { id: '100234' },
    unsubscribe_url: 'https://shop.example/u/…',
    birthday: '12-05',
    anniversary_years: 2,
    last_purchase: '2026-10-01',
    days: 30,
    csat: { url: 'https://shop.example/csat/…' },
    ticket: { id: 1024, subject: '退货咨询' },
  };
}
