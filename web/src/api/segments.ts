import { api, type Page } from './client';
import type { RuleNode } from '@/views/segments/rule';

export interface CustomerSummary { id: number; name: string | null; tier?: string | null; city?: string | null; [k: string]: unknown }
export interface Segment {
  id: number;
  name: string;
  kind: 'dynamic' | 'static';
  description: string;
  tag: string;
  rule: string | null;
  rule_json: RuleNode | null;
  member_count: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface RulePreview { count: number; elapsed_ms: number; as_of: string; rule: string; rule_json: RuleNode; sample: CustomerSummary[] }
export interface SegmentOverlap { a: number; b: number; both: number; only_a: number; only_b: number }
export interface SegmentSizes { items: Array<{ day: string; size: number; entered: number; exited: number }> }
export interface RfmReport {
  as_of: string;
  cells: Array<{ r: number; f: number; m: number; customers: number; revenue: number }>;
  groups?: Array<{ group: string; name?: string; customers: number; revenue: number; [k: string]: unknown }>;
  [k: string]: unknown;
}
export interface AbcReport {
  as_of: string;
  currency: string;
  classes: Array<{ class: string; customers: number; revenue: number }>;
  gold: { customers: number; revenue: number };
  drag: { customers: number; revenue: number };
  top20: { customers: number; revenue: number };
  purchasers: number;
  total_revenue: number;
  curve?: Array<{ customers_share: number; revenue_share: number }>;
}
export interface LifecycleReport { as_of: string; currency: string; stages: Array<{ stage: string; customers: number; revenue: number }> }

export const segmentsApi = {
  list: () => api.get<{ items: Segment[] }>('/api/v1/segments'),
  get: (id: number | string) => api.get<Segment>(`/api/v1/segments/${id}`),
  create: (body: { name: string; kind?: string; rule?: string; rule_json?: RuleNode; description?: string; tag?: string }) =>
    api.post<Segment>('/api/v1/segments', body),
  patch: (id: number | string, body: Record<string, unknown>) => api.patch<Segment>(`/api/v1/segments/${id}`, body),
  remove: (id: number | string) => api.del<void>(`/api/v1/segments/${id}`),
  preview: (body: { rule?: string; rule_json?: RuleNode; sample?: number }, signal?: AbortSignal) =>
    api.post<RulePreview>('/api/v1/segments/preview', body, { signal }),
  members: async (id: number | string, cursor: string | null, limit: number, signal?: AbortSignal): Promise<Page<CustomerSummary>> => {
    const p = await api.get<{ items: CustomerSummary[]; total: number; next_after: number | null }>(
      `/api/v1/segments/${id}/members`,
      { after: cursor ?? undefined, limit },
      { signal },
    );
    return { items: p.items, total: p.total, next_cursor: p.next_after === null ? null : String(p.next_after) };
  },
  sizes: (id: number | string) => api.get<SegmentSizes>(`/api/v1/segments/${id}/sizes`),
  overlap: (a: number, b: number) => api.get<SegmentOverlap>('/api/v1/segments/overlap', { a, b }),
  exportUrl: (id: number | string) => `/api/v1/segments/${id}/export.csv`,
  rfm: () => api.get<RfmReport>('/api/v1/analytics/rfm', undefined, { quiet403: true }),
  abc: () => api.get<AbcReport>('/api/v1/analytics/abc', undefined, { quiet403: true }),
  lifecycle: () => api.get<LifecycleReport>('/api/v1/analytics/lifecycle', undefined, { quiet403: true }),
};
