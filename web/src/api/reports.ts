// Report routes the dashboard reads. Each call is quiet on 403: a card the user may not see is hidden.
import { api } from './client';

export interface TierDistribution { items: Array<{ tier: string; customers: number }>; total: number }
export interface RepeatGroup { customers: number; purchasers: number; repeat_purchasers: number; repeat_rate: number | null }
export interface LoyaltyReport { not_referred: RepeatGroup; referred: RepeatGroup; points_outstanding: number }
export interface ServiceReport {
  total: {
    tickets: number;
    resolved: number;
    by_status: Record<string, number>;
    sla: { first_response: { met: number; breached: number; met_rate: number | null }; resolution: { met: number; breached: number; met_rate: number | null } };
    csat: { average: number | null; responses: number };
  };
}
interface CursorPage { items: unknown[]; next_cursor?: string | null }

const quiet = { quiet403: true } as const;

/** Counts a list route's rows up to `cap` (shown as "cap+" when there are more). */
export async function countUpTo(path: string, query: Record<string, string | number>, cap = 500): Promise<{ n: number; more: boolean }> {
  const p = await api.get<CursorPage>(path, { ...query, limit: cap }, quiet);
  return { n: p.items.length, more: !!p.next_cursor };
}

export const reportsApi = {
  tierDistribution: () => api.get<TierDistribution>('/api/v1/tiers/distribution', undefined, quiet),
  loyalty: () => api.get<LoyaltyReport>('/api/v1/analytics/loyalty', undefined, quiet),
  service: () => api.get<ServiceReport>('/api/v1/analytics/service', undefined, quiet),
  campaigns: () => api.get<{ items: Array<{ id: number; name: string; status: string }> }>('/api/v1/campaigns', undefined, quiet),
  campaignReport: (id: number) => api.get<Record<string, unknown>>(`/api/v1/campaigns/${id}/report`, undefined, quiet),
  /** The sales funnel (open opportunities per stage, amounts in minor units); a 404/403 hides the card. */
  salesFunnel: () =>
    api.get<{ currency: string; stages: Array<{ name: string; kind: string; open_count: number; open_amount: number }>; open: number; win_rate: number | null }>(
      '/api/v1/analytics/sales/funnel', undefined, quiet),
};
