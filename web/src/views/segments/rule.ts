// The segment rule JSON form (src/segment/rule/README.md) and the rule builder's model.
//
// The builder edits a tree of groups (and/or, optionally negated) whose leaves are
// conditions (one JSON leaf node each, optionally negated). astToModel / modelToAst
// convert losslessly: modelToAst(astToModel(x)) equals x for every valid rule in the
// canonical shape (nested and/or under not, single-element groups unwrapped).

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type RuleNode =
  | { op: 'and' | 'or'; args: RuleNode[] }
  | { op: 'not'; arg: RuleNode }
  | { op: CompareOp; field: string; value: string | number; window_days?: number; event?: string; key?: string }
  | { op: 'in'; field: string; values: Array<string | number>; window_days?: number; event?: string; key?: string }
  | { op: 'tag' | 'in_segment'; name: string }
  | { op: 'has'; identity: string }
  | { op: 'bought'; category?: string; sku?: string; product?: string; within_days?: number }
  | { op: 'all' };

export type Leaf = Exclude<RuleNode, { op: 'and' | 'or' } | { op: 'not' }>;
export interface Condition { kind: 'cond'; id: number; negate: boolean; node: Leaf }
export interface Group { kind: 'group'; id: number; negate: boolean; op: 'and' | 'or'; children: Array<Condition | Group> }
export type Item = Condition | Group;

let nextId = 1;
const newId = () => nextId++;

export type ValueKind = 'count' | 'money' | 'days' | 'string' | 'enum' | 'any';
export interface FieldSpec {
  name: string;
  kind: ValueKind;
  windowed?: boolean;
  values?: string[];
  min?: number;
  max?: number;
}

export const RFM_GROUPS = ['重要价值客户', '重要保持客户', '重要发展客户', '重要挽留客户', '一般价值客户', '一般保持客户', '一般发展客户', '一般挽留客户'];
export const LIFECYCLE_STAGES = ['prospect', 'new', 'active', 'at_risk', 'high_value_churned', 'low_value_churned', 'churned'];
const CONSENT = ['unknown', 'granted', 'denied'];

export const FIELDS: FieldSpec[] = [
  { name: 'orders', kind: 'count', windowed: true },
  { name: 'revenue', kind: 'money', windowed: true },
  { name: 'aov', kind: 'money' },
  { name: 'last_order_days', kind: 'days' },
  { name: 'first_order_days', kind: 'days' },
  { name: 'signup_days', kind: 'days' },
  { name: 'refunds', kind: 'count' },
  { name: 'refund_amount', kind: 'money' },
  { name: 'last_contact_days', kind: 'days' },
  { name: 'contacts', kind: 'count', windowed: true },
  { name: 'distinct_products', kind: 'count' },
  { name: 'distinct_categories', kind: 'count' },
  { name: 'tier', kind: 'string' },
  { name: 'points', kind: 'count' },
  { name: 'rfm_r', kind: 'count', min: 1, max: 5 },
  { name: 'rfm_f', kind: 'count', min: 1, max: 5 },
  { name: 'rfm_m', kind: 'count', min: 1, max: 5 },
  { name: 'rfm_group', kind: 'enum', values: RFM_GROUPS },
  { name: 'abc', kind: 'enum', values: ['A', 'B', 'C'] },
  { name: 'lifecycle', kind: 'enum', values: LIFECYCLE_STAGES },
  { name: 'gender', kind: 'enum', values: ['unknown', 'male', 'female'] },
  { name: 'province', kind: 'string' },
  { name: 'city', kind: 'string' },
  { name: 'source_channel', kind: 'string' },
  { name: 'consent_sms', kind: 'enum', values: CONSENT },
  { name: 'consent_email', kind: 'enum', values: CONSENT },
  { name: 'consent_wechat', kind: 'enum', values: CONSENT },
  { name: 'birthday_month', kind: 'count', min: 1, max: 12 },
  { name: 'birthday_day', kind: 'count', min: 1, max: 31 },
  { name: 'event_count', kind: 'count', windowed: true },
  { name: 'attr', kind: 'any' },
];
/** Leaf kinds that are not field comparisons. */
export const SPECIAL_LEAVES = ['tag', 'in_segment', 'has', 'bought'] as const;
export const IDENTITIES = ['phone', 'email', 'wechat', 'taobao', 'jd', 'shopify', 'external'];

export function fieldSpec(name: string): FieldSpec | undefined {
  return FIELDS.find((f) => f.name === name);
}
/** Operators a field takes: text and closed vocabularies take = != in; numbers all six and in. */
export function opsFor(field: string): Array<CompareOp | 'in'> {
  const s = fieldSpec(field);
  if (!s || s.kind === 'string' || s.kind === 'enum') return ['=', '!=', 'in'];
  return ['>=', '>', '=', '!=', '<', '<=', 'in'];
}

export function isLeaf(n: RuleNode): n is Leaf {
  return n.op !== 'and' && n.op !== 'or' && n.op !== 'not';
}

// ---- AST <-> builder model ----

export function astToModel(node: RuleNode | null | undefined): Group {
  if (!node || node.op === 'all') return { kind: 'group', id: newId(), negate: false, op: 'and', children: [] };
  const item = toItem(node);
  if (item.kind === 'group') return item;
  return { kind: 'group', id: newId(), negate: false, op: 'and', children: [item] };
}

function toItem(node: RuleNode): Item {
  if (node.op === 'not') {
    const inner = toItem(node.arg);
    if (!inner.negate) return { ...inner, negate: true };
    // not not x: keep the double negation as a group around the inner item
    return { kind: 'group', id: newId(), negate: true, op: 'and', children: [inner] };
  }
  if (node.op === 'and' || node.op === 'or') {
    return { kind: 'group', id: newId(), negate: false, op: node.op, children: node.args.map(toItem) };
  }
  return { kind: 'cond', id: newId(), negate: false, node: { ...(node as Leaf) } };
}

/** The JSON form of a builder model; an empty root is null (no rule = all customers). */
export function modelToAst(group: Group): RuleNode | null {
  const n = itemToAst(group, true);
  return n;
}

function itemToAst(item: Item, root = false): RuleNode | null {
  let node: RuleNode | null;
  if (item.kind === 'cond') {
    node = cleanLeaf(item.node);
  } else {
    const args = item.children.map((c) => itemToAst(c)).filter((x): x is RuleNode => x !== null);
    if (args.length === 0) node = root && !item.negate ? null : { op: 'all' };
    else if (args.length === 1) node = args[0];
    else node = { op: item.op, args };
  }
  if (node && item.negate) node = { op: 'not', arg: node };
  return node;
}

function cleanLeaf(n: Leaf): Leaf {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = v;
  }
  return out as Leaf;
}

export function newCondition(field = 'orders'): Condition {
  return { kind: 'cond', id: newId(), negate: false, node: { op: '>=', field, value: 1 } };
}
export function newGroup(op: 'and' | 'or' = 'and'): Group {
  return { kind: 'group', id: newId(), negate: false, op, children: [newCondition()] };
}

/** A sensible default leaf when the user picks another field or leaf kind. */
export function defaultLeaf(field: string): Leaf {
  switch (field) {
    case 'tag':
    case 'in_segment':
      return { op: field, name: '' };
    case 'has':
      return { op: 'has', identity: 'phone' };
    case 'bought':
      return { op: 'bought', category: '', within_days: 90 };
  }
  const s = fieldSpec(field);
  if (!s) return { op: '>=', field, value: 1 };
  if (s.kind === 'enum') return { op: '=', field, value: s.values![0] };
  if (s.kind === 'string' || s.kind === 'any') {
    return field === 'attr' ? { op: '=', field, key: '', value: '' } : { op: '=', field, value: '' };
  }
  if (field === 'event_count') return { op: '>=', field, event: '', window_days: 30, value: 1 };
  if (field === 'last_order_days' || field === 'signup_days' || field === 'last_contact_days' || field === 'first_order_days') {
    return { op: '>', field, value: 90 };
  }
  return { op: '>=', field, value: s.min ?? 1 };
}

/** The condition's "field" as the builder shows it (comparison field or special leaf kind). */
export function leafField(n: Leaf): string {
  if ('field' in n) return n.field;
  return n.op;
}

// ---- text form (the canonical printer lives on the server; this mirrors its grammar) ----

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
function lit(v: string | number): string {
  return typeof v === 'number' ? String(v) : quote(v);
}
function fieldRef(n: { field: string; window_days?: number; event?: string; key?: string }): string {
  if (n.field === 'event_count') return `event_count(${quote(n.event ?? '')}${n.window_days ? `, ${n.window_days}d` : ''})`;
  if (n.field === 'attr') return `attr(${quote(n.key ?? '')})`;
  return n.window_days ? `${n.field}(${n.window_days}d)` : n.field;
}

export function ruleToText(node: RuleNode | null | undefined): string {
  if (!node) return 'all';
  return print(node, 0);
}

// precedence: or 1, and 2, not 3, primary 4
function print(n: RuleNode, parent: number): string {
  const wrap = (s: string, prec: number) => (prec < parent ? `(${s})` : s);
  switch (n.op) {
    case 'or':
      return wrap(n.args.map((a) => print(a, 2)).join(' or '), 1);
    case 'and':
      return wrap(n.args.map((a) => print(a, 3)).join(' and '), 2);
    case 'not':
      return wrap(`not ${print(n.arg, 3)}`, 3);
    case 'all':
      return 'all';
    case 'tag':
      return `tag(${quote(n.name)})`;
    case 'in_segment':
      return `in_segment(${quote(n.name)})`;
    case 'has':
      return `has(${n.identity})`;
    case 'bought': {
      const args: string[] = [];
      if (n.category !== undefined) args.push(`category = ${quote(n.category)}`);
      if (n.sku !== undefined) args.push(`sku = ${quote(n.sku)}`);
      if (n.product !== undefined) args.push(`product = ${quote(n.product)}`);
      if (n.within_days) args.push(`within = ${n.within_days}d`);
      return `bought(${args.join(', ')})`;
    }
    case 'in':
      return `${fieldRef(n)} in (${n.values.map(lit).join(', ')})`;
    default:
      return `${fieldRef(n)} ${n.op} ${lit(n.value)}`;
  }
}
