// Pipeline kanban logic (unit-tested): the board from the server's answer, moving a card
// (optimistically, with a snapshot to roll back to), and the field a refused move asks for.
import { ApiError } from '@/api/client';
import type { Money, Opportunity, Pipeline, Stage } from '@/api/sales';

export interface Card {
  id: number;
  name: string;
  amount_minor: number;
  currency: string;
  owner_user_id: number | null;
  owner_name?: string;
  expected_close_date: string | null;
  stage_id: number;
  account_id: number | null;
  account_name?: string;
  status: string;
}
export interface Column { stage: Stage; count: number; amount_minor: number; items: Card[] }

/** Minor units of a money value however a route gives it. */
export function minorOf(x: { amount_minor?: number; amount?: Money | number } | null | undefined): number {
  if (!x) return 0;
  if (typeof x.amount_minor === 'number') return x.amount_minor;
  if (typeof x.amount === 'number') return x.amount;
  if (x.amount && typeof x.amount === 'object') return x.amount.amount_minor ?? 0;
  return 0;
}

export function toCard(o: Partial<Opportunity> & { id: number }): Card {
  return {
    id: o.id,
    name: o.name ?? `#${o.id}`,
    amount_minor: minorOf(o as Opportunity),
    currency: o.currency ?? (o.amount as Money | undefined)?.currency ?? 'CNY',
    owner_user_id: o.owner_user_id ?? null,
    owner_name: o.owner_name,
    expected_close_date: o.expected_close_date ?? null,
    stage_id: o.stage_id ?? 0,
    account_id: o.account_id ?? null,
    account_name: o.account_name,
    status: o.status ?? 'open',
  };
}

/**
 * Columns from GET /pipelines/{id}/board: {columns: [{stage, open_count, open_amount_minor, items}]}
 * (also count / amount_minor / amount objects)
 * or columns with the stage's members flattened in; stages sorted by position.
 */
export function boardColumns(json: unknown): Column[] {
  const j = (json ?? {}) as { columns?: unknown[]; stages?: unknown[] };
  const cols = (j.columns ?? j.stages ?? []) as Array<Record<string, unknown>>;
  return cols
    .map((c) => {
      const stage = (c.stage as Stage | undefined) ?? ({
        id: (c.stage_id ?? c.id) as number,
        name: (c.stage_name ?? c.name) as string,
        position: (c.position ?? 0) as number,
        probability: (c.probability ?? 0) as number,
        kind: (c.kind ?? 'open') as string,
      } as Stage);
      const items = ((c.items ?? c.opportunities ?? []) as Opportunity[]).map((o) => toCard({ ...o, stage_id: o.stage_id ?? stage.id }));
      return {
        stage,
        count: typeof c.open_count === 'number' ? c.open_count : typeof c.count === 'number' ? c.count : items.length,
        amount_minor: typeof c.open_amount_minor === 'number' ? c.open_amount_minor : minorOf(c as { amount_minor?: number; amount?: Money }) || items.reduce((n, x) => n + x.amount_minor, 0),
        items,
      };
    })
    .sort((a, b) => a.stage.position - b.stage.position);
}

/** Columns from a pipeline's stages and a list of opportunities (when the board route is missing). */
export function columnsFrom(pipeline: Pipeline, opportunities: Opportunity[]): Column[] {
  const stages = [...(pipeline.stages ?? [])].filter((s) => s.active !== false).sort((a, b) => a.position - b.position);
  return stages.map((stage) => {
    const items = opportunities.filter((o) => o.stage_id === stage.id).map(toCard);
    return { stage, count: items.length, amount_minor: items.reduce((n, x) => n + x.amount_minor, 0), items };
  });
}

export function cloneColumns(cols: Column[]): Column[] {
  return cols.map((c) => ({ ...c, items: c.items.map((x) => ({ ...x })) }));
}

export function findCard(cols: Column[], id: number): { column: Column; card: Card } | null {
  for (const column of cols) {
    const card = column.items.find((x) => x.id === id);
    if (card) return { column, card };
  }
  return null;
}

/**
 * Moves a card to another stage: a new board (the input is not changed) with the counts and
 * amounts of both columns adjusted; null when the card or stage is unknown or nothing moves.
 */
export function moveCard(cols: Column[], cardId: number, toStageId: number): Column[] | null {
  const found = findCard(cols, cardId);
  if (!found || found.column.stage.id === toStageId) return null;
  if (!cols.some((c) => c.stage.id === toStageId)) return null;
  const { card } = found;
  const target = cols.find((c) => c.stage.id === toStageId)!;
  const status = target.stage.kind === 'won' || target.stage.kind === 'lost' ? target.stage.kind : 'open';
  return cols.map((c) => {
    if (c.stage.id === found.column.stage.id) {
      return { ...c, count: Math.max(0, c.count - 1), amount_minor: c.amount_minor - card.amount_minor, items: c.items.filter((x) => x.id !== cardId) };
    }
    if (c.stage.id === toStageId) {
      return { ...c, count: c.count + 1, amount_minor: c.amount_minor + card.amount_minor, items: [{ ...card, stage_id: toStageId, status }, ...c.items] };
    }
    return c;
  });
}

/** The field a refused stage move asks for (422 naming it), e.g. "expected_close_date" or "close_reason". */
export function missingField(e: unknown): string | null {
  if (!(e instanceof ApiError) || e.status !== 422) return null;
  const f = e.field;
  if (!f) return null;
  return f.split('/')[0] || null;
}

/** How the dialog asks for a field: date, money or text. */
export function fieldKind(field: string): 'date' | 'money' | 'reason' | 'text' {
  if (field.endsWith('_date') || field === 'expected_close_date') return 'date';
  if (field.startsWith('amount')) return 'money';
  if (field === 'close_reason' || field === 'reason') return 'reason';
  return 'text';
}
