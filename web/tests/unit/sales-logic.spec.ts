import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/client';
import { boardColumns, cloneColumns, columnsFrom, fieldKind, missingField, moveCard, type Column } from '@/views/sales/kanban';
import { groupByRole, reportsToTree } from '@/views/sales/decision';
import type { Contact, Pipeline, Opportunity } from '@/api/sales';

const stage = (id: number, position: number, kind = 'open', probability = 10 * position) => ({ id, name: `S${id}`, position, probability, kind });
function board(): Column[] {
  return boardColumns({
    pipeline: { id: 1 },
    columns: [
      { stage: stage(11, 2), count: 1, amount_minor: 5000, items: [{ id: 2, name: 'B', amount_minor: 5000, currency: 'CNY', stage_id: 11 }] },
      { stage: stage(10, 1), count: 2, amount: { amount_minor: 3000, currency: 'CNY' }, items: [{ id: 1, name: 'A', amount_minor: 1000, currency: 'CNY', stage_id: 10 }, { id: 3, name: 'C', amount: { amount_minor: 2000, currency: 'CNY' } }] },
      { stage: stage(12, 3, 'won', 100), count: 0, amount_minor: 0, items: [] },
    ],
  });
}

describe('kanban', () => {
  it('reads the board in stage order with money in either form', () => {
    const cols = board();
    expect(cols.map((c) => c.stage.id)).toEqual([10, 11, 12]);
    expect(cols[0].amount_minor).toBe(3000);
    expect(cols[0].items.map((x) => x.amount_minor)).toEqual([1000, 2000]);
    expect(cols[0].items[1].stage_id).toBe(10);
  });
  it('moves a card and adjusts counts and amounts of both columns without changing the input', () => {
    const cols = board();
    const next = moveCard(cols, 1, 11)!;
    expect(next[0]).toMatchObject({ count: 1, amount_minor: 2000 });
    expect(next[1]).toMatchObject({ count: 2, amount_minor: 6000 });
    expect(next[1].items[0]).toMatchObject({ id: 1, stage_id: 11, status: 'open' });
    expect(cols[0].count).toBe(2);
    expect(cols[0].items).toHaveLength(2);
  });
  it('marks a card moved to a won stage as won', () => {
    expect(moveCard(board(), 2, 12)![2].items[0].status).toBe('won');
  });
  it('refuses no-op and unknown moves', () => {
    expect(moveCard(board(), 1, 10)).toBeNull();
    expect(moveCard(board(), 99, 11)).toBeNull();
    expect(moveCard(board(), 1, 99)).toBeNull();
  });
  it('rolls back to the snapshot', () => {
    const cols = board();
    const snap = cloneColumns(cols);
    let current = moveCard(cols, 1, 11)!;
    current = snap; // what the view does on error
    expect(current.map((c) => c.count)).toEqual([2, 1, 0]);
    expect(current[0].items.map((x) => x.id)).toEqual([1, 3]);
  });
  it('builds columns from stages and a list when the board route is missing', () => {
    const p: Pipeline = { id: 1, name: 'P', is_default: true, stages: [stage(10, 1), stage(11, 2), { ...stage(13, 3), active: false }] };
    const opps = [{ id: 1, stage_id: 11, amount_minor: 700, name: 'x' }, { id: 2, stage_id: 11, amount_minor: 300, name: 'y' }] as Opportunity[];
    const cols = columnsFrom(p, opps);
    expect(cols.map((c) => [c.stage.id, c.count, c.amount_minor])).toEqual([[10, 0, 0], [11, 2, 1000]]);
  });
  it('finds the field a 422 asks for', () => {
    expect(missingField(new ApiError({ status: 422, field: '/expected_close_date', detail: 'required' }))).toBe('expected_close_date');
    expect(missingField(new ApiError({ status: 422, field: '/close_reason' }))).toBe('close_reason');
    expect(missingField(new ApiError({ status: 409, field: '/stage_id' }))).toBeNull();
    expect(missingField(new Error('x'))).toBeNull();
    expect(fieldKind('expected_close_date')).toBe('date');
    expect(fieldKind('close_reason')).toBe('reason');
    expect(fieldKind('amount_minor')).toBe('money');
    expect(fieldKind('next_step')).toBe('text');
  });
});

const contact = (id: number, role: string, influence: number, reports: number | null = null): Contact => ({
  id, name: `C${id}`, decision_role: role, influence, reports_to_contact_id: reports, attitude: 'neutral',
  account_id: 1, customer_id: null, title: '', email: '', phone: '', owner_user_id: null,
});

describe('decision chain', () => {
  it('groups contacts by role in the decision order, strongest influence first', () => {
    const groups = groupByRole([contact(1, 'user', 2), contact(2, 'decision_maker', 5), contact(3, 'user', 4), contact(4, '', 1), contact(5, 'weird', 3)]);
    expect(groups.map((g) => g.role)).toEqual(['decision_maker', 'purchasing_lead', 'user', 'influencer', 'gatekeeper', '']);
    expect(groups[0].contacts.map((c) => c.id)).toEqual([2]);
    expect(groups[2].contacts.map((c) => c.id)).toEqual([3, 1]);
    expect(groups[5].contacts.map((c) => c.id)).toEqual([5, 4]);
  });
  it('builds the reports-to tree, with managers outside the account as roots', () => {
    const tree = reportsToTree([contact(1, '', 0), contact(2, '', 0, 1), contact(3, '', 0, 2), contact(4, '', 0, 99)]);
    expect(tree.map((n) => n.id)).toEqual([1, 4]);
    expect(tree[0].children[0].id).toBe(2);
    expect(tree[0].children[0].children[0].id).toBe(3);
  });
  it('survives a cycle', () => {
    const tree = reportsToTree([contact(1, '', 0, 2), contact(2, '', 0, 1)]);
    const ids: number[] = [];
    const walk = (n: { id: number; children: typeof tree }) => { ids.push(n.id); n.children.forEach(walk); };
    tree.forEach(walk);
    expect(ids.sort()).toEqual([1, 2]);
  });
});
