// Loyalty: the tier ladder (tiers.*), points rules, coupon batches and referrals (loyalty.*).
// Shapes follow src/api/openapi.json (TierConfig, PointsSettings, CouponBatch, LoyaltyReport).
import { api, type Page } from './client';

export interface TierLevel {
  name: string;
  min_revenue: number; // minor units
  min_purchases: number;
  discount_pct: number;
  points_multiplier_pct: number;
  free_shipping: boolean;
}
export interface TierConfig {
  enabled: boolean;
  window_days: number | null;
  match: 'any' | 'all';
  review_dates: string[];
  levels: TierLevel[];
  next_review?: string | null;
}
export interface TierDistribution { items: Array<{ tier: string; customers: number }>; total: number }
export interface TierReview { review_day: string; upgraded: number; downgraded: number; unchanged: number }
export interface TierChange {
  id: number;
  customer_id: number;
  from: string;
  to: string;
  reason: string;
  order_id?: number | null;
  revenue?: number;
  purchases?: number;
  actor?: string;
  at?: string;
}

export interface PointsSettings { enabled: boolean; unit_amount: number; points_per_unit: number; expiry_months: number | null }

export type CouponKind = 'amount' | 'percent';
export interface CouponBatch {
  id: number;
  name: string;
  kind: CouponKind;
  amount_off: number;
  percent_off: number;
  threshold: number;
  currency: string;
  valid_from?: string | null;
  valid_until?: string | null;
  valid_days?: number | null;
  per_customer_limit: number;
  total_limit?: number | null;
  code_prefix?: string;
  status: 'active' | 'paused' | 'archived';
  issued: number;
  created_by?: string;
  created_at?: string | null;
}
export interface CouponBatchInput {
  name: string;
  kind: CouponKind;
  amount_off?: number;
  percent_off?: number;
  threshold?: number;
  valid_from?: string | null;
  valid_until?: string | null;
  valid_days?: number | null;
  per_customer_limit?: number;
  total_limit?: number | null;
  code_prefix?: string;
}
export interface Coupon {
  id: number;
  batch_id: number;
  code: string;
  customer_id: number;
  status: 'issued' | 'redeemed';
  source?: string;
  issued_at?: string | null;
  order_id?: number | null;
  redeemed_at?: string | null;
  valid_until?: string | null;
}
export interface CouponReport { batch_id: number; issued: number; redeemed: number; redemption_rate: number | null; revenue: number; paid: number; currency: string }

export interface LoyaltyGroup { customers: number; purchasers: number; repeat_purchasers: number; repeat_rate: number | null }
export interface LoyaltyReport {
  referrals: number;
  customers_with_referrals: number;
  referred: LoyaltyGroup;
  not_referred: LoyaltyGroup;
  customers_with_points: number;
  points_outstanding: number;
  top_referrers: Array<{ customer_id: number; name?: string; referrals: number; referred_purchasers: number; referred_repeat_purchasers: number; purchases: number }>;
}

export const tiersApi = {
  config: () => api.get<TierConfig>('/api/v1/tiers/config'),
  saveConfig: (c: TierConfig) => api.put<TierConfig>('/api/v1/tiers/config', c),
  distribution: () => api.get<TierDistribution>('/api/v1/tiers/distribution'),
  review: () => api.post<TierReview>('/api/v1/tiers/review'),
  history: async (q: { cursor: string | null; limit: number }, signal?: AbortSignal): Promise<Page<TierChange>> => {
    const p = await api.get<{ items: TierChange[]; next_cursor: number | null }>('/api/v1/tiers/history', { cursor: q.cursor ?? undefined, limit: q.limit }, { signal });
    return { items: p.items, next_cursor: p.next_cursor === null ? null : String(p.next_cursor) };
  },
};

export const pointsApi = {
  settings: () => api.get<PointsSettings>('/api/v1/settings/points'),
  save: (s: PointsSettings) => api.put<PointsSettings>('/api/v1/settings/points', s),
};

export const couponsApi = {
  list: () => api.get<{ items: CouponBatch[] }>('/api/v1/coupon-batches'),
  get: (id: number | string) => api.get<CouponBatch>(`/api/v1/coupon-batches/${id}`),
  create: (b: CouponBatchInput) => api.post<CouponBatch>('/api/v1/coupon-batches', b),
  patch: (id: number | string, b: Partial<Pick<CouponBatch, 'name' | 'status' | 'per_customer_limit' | 'total_limit'>>) =>
    api.patch<CouponBatch>(`/api/v1/coupon-batches/${id}`, b),
  remove: (id: number | string) => api.del<void>(`/api/v1/coupon-batches/${id}`),
  codes: async (id: number | string, q: { status?: string; cursor: string | null; limit: number }, signal?: AbortSignal): Promise<Page<Coupon>> => {
    const p = await api.get<{ items: Coupon[]; next_cursor: number | null }>(`/api/v1/coupon-batches/${id}/coupons`, { status: q.status, cursor: q.cursor ?? undefined, limit: q.limit }, { signal });
    return { items: p.items, next_cursor: p.next_cursor === null ? null : String(p.next_cursor) };
  },
  issue: (id: number | string, customerId: number) => api.post<Coupon>(`/api/v1/coupon-batches/${id}/coupons`, { customer_id: customerId, source: 'api' }),
  report: (id: number | string) => api.get<CouponReport>(`/api/v1/coupon-batches/${id}/report`),
};

export const referralsApi = {
  report: (top = 20) => api.get<LoyaltyReport>('/api/v1/analytics/loyalty', { top }, { quiet403: true }),
  record: (referrerId: number, referredId: number) => api.post('/api/v1/referrals', { referrer_id: referrerId, referred_id: referredId, source: 'api' }),
};
