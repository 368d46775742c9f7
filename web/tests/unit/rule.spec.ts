import { describe, expect, it } from 'vitest';
import { astToModel, defaultLeaf, modelToAst, newCondition, opsFor, ruleToText, type Group, type RuleNode } from '@/views/segments/rule';

const rules: RuleNode[] = [
  { op: '>=', field: 'orders', value: 3 },
  { op: 'and', args: [{ op: '>=', field: 'revenue', value: 2000 }, { op: '>=', field: 'orders', value: 3 }] },
  { op: 'and', args: [{ op: '>=', field: 'orders', window_days: 365, value: 3 }, { op: 'not', arg: { op: 'tag', name: '黑名单' } }] },
  { op: 'or', args: [{ op: 'in', field: 'tier', values: ['VIP会员', '至尊VIP会员'] }, { op: 'and', args: [{ op: '=', field: 'lifecycle', value: 'at_risk' }, { op: 'has', identity: 'email' }] }] },
  { op: 'not', arg: { op: 'or', args: [{ op: 'in_segment', name: '双11新客' }, { op: 'bought', category: '面膜', within_days: 60 }] } },
  { op: '>', field: 'event_count', event: 'page_view', window_days: 7, value: 5 },
  { op: '=', field: 'attr', key: 'level', value: 'gold' },
  { op: 'and', args: [{ op: 'bought', category: '面膜', within_days: 45 }, { op: 'not', arg: { op: 'bought', category: '面膜', within_days: 25 } }] },
  { op: 'not', arg: { op: 'not', arg: { op: '=', field: 'city', value: '杭州' } } },
];

describe('rule builder model ↔ JSON AST', () => {
  it.each(rules.map((r) => [JSON.stringify(r), r]))('round-trips %s', (_, rule) => {
    expect(modelToAst(astToModel(rule as RuleNode))).toEqual(rule);
  });

  it('an empty builder is no rule (all customers) and all is an empty builder', () => {
    const g = astToModel(null);
    expect(g.children).toHaveLength(0);
    expect(modelToAst(g)).toBeNull();
    expect(astToModel({ op: 'all' }).children).toHaveLength(0);
  });

  it('edits in the model show up in the AST', () => {
    const g: Group = astToModel({ op: '>=', field: 'orders', value: 1 });
    g.children.push(newCondition('orders'));
    g.op = 'or';
    g.children[1].negate = true;
    expect(modelToAst(g)).toEqual({ op: 'or', args: [{ op: '>=', field: 'orders', value: 1 }, { op: 'not', arg: { op: '>=', field: 'orders', value: 1 } }] });
  });

  it('drops empty optional members and turns an empty nested group into all', () => {
    const g = astToModel(null);
    g.children.push({ kind: 'cond', id: 99, negate: false, node: { op: 'bought', category: '面膜', within_days: undefined } });
    g.children.push({ kind: 'group', id: 100, negate: false, op: 'or', children: [] });
    expect(modelToAst(g)).toEqual({ op: 'and', args: [{ op: 'bought', category: '面膜' }, { op: 'all' }] });
  });

  it('gives operators and defaults by field type', () => {
    expect(opsFor('tier')).toEqual(['=', '!=', 'in']);
    expect(opsFor('orders')).toContain('<=');
    expect(defaultLeaf('lifecycle')).toEqual({ op: '=', field: 'lifecycle', value: 'prospect' });
    expect(defaultLeaf('has')).toEqual({ op: 'has', identity: 'phone' });
  });
});

describe('text form', () => {
  it('prints the rule language', () => {
    expect(ruleToText(rules[1])).toBe('revenue >= 2000 and orders >= 3');
    expect(ruleToText(rules[2])).toBe('orders(365d) >= 3 and not tag("黑名单")');
    expect(ruleToText(rules[3])).toBe('tier in ("VIP会员", "至尊VIP会员") or lifecycle = "at_risk" and has(email)');
    expect(ruleToText(rules[4])).toBe('not (in_segment("双11新客") or bought(category = "面膜", within = 60d))');
    expect(ruleToText(rules[5])).toBe('event_count("page_view", 7d) > 5');
    expect(ruleToText({ op: 'and', args: [{ op: 'or', args: [{ op: 'tag', name: 'a"b' }, { op: 'all' }] }, { op: '<', field: 'aov', value: 99.9 }] })).toBe(
      '(tag("a\\"b") or all) and aov < 99.9',
    );
    expect(ruleToText(null)).toBe('all');
  });
});
