import { api, type Page, type RequestOptions } from './client';

export interface Consent { sms: string; email: string; wechat: string }
export interface Customer {
  id: number;
  name: string | null;
  gender: string;
  birthday: string | null;
  birthday_lunar: boolean;
  province: string | null;
  city: string | null;
  source_channel: string | null;
  tier: string | null;
  consent: Consent;
  attributes: Record<string, unknown>;
  owner_user_id: number | null;
  csr_user_id: number | null;
  signup_at: string | null;
  created_at: string;
  updated_at: string;
  phone?: string | null;
  email?: string | null;
}
export interface Identity { type: string; value: string }
export interface TimelineEntry { at: string; at_local?: string; kind: string; id: number | string; title: string; detail?: string }
export interface Note { id: number; type: string; direction?: string; author: string; summary: string; occurred_at: string; created_at?: string }
export interface CustomerTag { name: string; source: string; added_at: string }
export interface OrderStats {
  order_count: number;
  net_revenue: number;
  average_order_value: number | null;
  currency: string;
  first_order_at: string | null;
  last_order_at: string | null;
  days_since_last_order: number | null;
}
export interface OrderItem { line_no: number; sku: string; product_name: string; category: string; quantity: number; unit_price: number }
export interface Order {
  id: number;
  external_id: string;
  platform: string;
  status: string;
  currency: string;
  paid_amount: number;
  refunded_amount: number;
  created_at: string;
  items: OrderItem[];
}
/** The segment engine's models of one customer as of a day (null without purchases: rfm, abc). */
export interface CustomerIntelligence {
  as_of: string;
  rfm: { r: number; f: number; m: number; group: string; group_en: string } | null;
  abc: 'A' | 'B' | 'C' | null;
  gold: boolean;
  drag: boolean;
  lifecycle: string;
}
export interface Customer360 {
  profile: Customer;
  identities: Identity[];
  tags: CustomerTag[];
  notes: Note[];
  stats: OrderStats;
  recent_orders: Order[];
  timeline: TimelineEntry[];
  loyalty: { points: number; coupons: number };
  merged_ids: number[];
  merges: Array<Record<string, unknown>>;
  messages: Array<Record<string, unknown>>;
  tickets: Array<Record<string, unknown>>;
  intelligence?: CustomerIntelligence | null;
  [k: string]: unknown;
}
export interface CustomerSegments { items: Array<{ id: number; name: string; kind: string }> }
/** tier, lifecycle and segment are answered by the segment engine (ascending id only). */
export interface CustomerFilters {
  q?: string;
  tag?: string;
  tier?: string;
  lifecycle?: string;
  segment?: number;
  sort?: string;
  order?: 'asc' | 'desc';
}

export const customersApi = {
  list: (f: CustomerFilters & { cursor?: string | null; limit?: number }, signal?: AbortSignal, o: RequestOptions = {}) =>
    api.get<Page<Customer>>('/api/v1/customers', { ...f, cursor: f.cursor ?? undefined }, { ...o, signal }),
  get: (id: number | string) => api.get<Customer360>(`/api/v1/customers/${id}`),
  patch: (id: number | string, body: Record<string, unknown>) => api.patch<Customer360>(`/api/v1/customers/${id}`, body),
  notes: (id: number | string, limit = 50) => api.get<{ items: Note[] }>(`/api/v1/customers/${id}/notes`, { limit }),
  addNote: (id: number | string, body: { summary: string; type?: string; direction?: string }) =>
    api.post<Note>(`/api/v1/customers/${id}/notes`, body),
  addTags: (id: number | string, tags: string[]) => api.post<unknown>(`/api/v1/customers/${id}/tags`, { tags }),
  removeTag: (id: number | string, tag: string) =>
    api.del<void>(`/api/v1/customers/${id}/tags/${encodeURIComponent(tag)}`),
  segments: (id: number | string) => api.get<CustomerSegments>(`/api/v1/customers/${id}/segments`, undefined, { quiet403: true }),
  merge: (survivor: number, others: number[], reason?: string) =>
    api.post<unknown>('/api/v1/customers/merge', { survivor, others, ...(reason ? { reason } : {}) }),
  /** Unmasks phone/email for a caller without pii.view (audited by the server). */
  reveal: (id: number | string) => api.post<{ identities?: Identity[]; phone?: string; email?: string } & Record<string, unknown>>(`/api/v1/customers/${id}/reveal`, {}),
  /** The server's streamed CSV export (customers.export; masked without pii.view; audited). */
  exportCsv: (f: Omit<CustomerFilters, 'sort' | 'order'> & { headers?: 'en' | 'zh' }, signal?: AbortSignal) =>
    api.get<Response>('/api/v1/customers/export', { format: 'csv', ...f }, { raw: true, signal }),
  tags: () => api.get<{ items: Array<{ name: string; customers: number }> }>('/api/v1/tags', undefined, { quiet403: true }),
};
