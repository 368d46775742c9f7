// Sales: accounts, contacts, leads, pipelines, opportunities, competitors, activities, analytics.
// The server's sales routes are new: list shapes are read leniently (see normalizers in
// views/sales/*.ts) and a 404 from a route that is not there yet shows an empty state.
import { api, type Page } from './client';

export const DECISION_ROLES = ['decision_maker', 'purchasing_lead', 'user', 'influencer', 'gatekeeper'] as const;
export const ATTITUDES = ['champion', 'supporter', 'neutral', 'skeptic', 'opponent'] as const;
export const LEAD_SOURCES = ['campaign', 'web_form', 'event', 'referral', 'cold_call', 'other'] as const;
export const LEAD_STATUSES = ['new', 'working', 'nurturing', 'qualified', 'disqualified', 'converted'] as const;
export const ACTIVITY_KINDS = ['call', 'meeting', 'email', 'visit', 'note'] as const;
export const COMPANY_SIZES = ['1-20', '21-100', '101-500', '501-2000', '2000+'] as const;
export const PRICE_POSITIONS = ['budget', 'value', 'parity', 'premium'] as const;
export const FORECAST_CATEGORIES = ['pipeline', 'best_case', 'commit', 'closed', 'omitted'] as const;

/** Money as the sales routes give it: an object, or minor units next to a currency. */
export interface Money { amount_minor: number; currency: string }

export interface Account {
  id: number;
  name: string;
  industry: string;
  size: string;
  region: string;
  website?: string;
  phone?: string;
  owner_user_id: number | null;
  owner_name?: string;
  parent_account_id: number | null;
  attributes?: Record<string, unknown>;
  created_at?: string;
  updated_at?: string;
}
export interface Contact {
  id: number;
  account_id: number | null;
  customer_id: number | null;
  name: string;
  title: string;
  email: string;
  phone: string;
  decision_role: string;
  influence: number;
  attitude: string;
  reports_to_contact_id: number | null;
  owner_user_id: number | null;
  created_at?: string;
}
export interface Lead {
  id: number;
  name: string;
  company: string;
  title: string;
  email: string;
  phone: string;
  industry: string;
  size: string;
  region: string;
  source: string;
  source_detail: string;
  status: string;
  fit_score: number;
  engagement_score: number;
  score: number;
  owner_user_id: number | null;
  customer_id: number | null;
  converted_account_id: number | null;
  converted_contact_id: number | null;
  converted_opportunity_id: number | null;
  created_at?: string;
}
export interface Stage {
  id: number;
  pipeline_id?: number;
  name: string;
  position: number;
  probability: number;
  kind: 'open' | 'won' | 'lost' | string;
  required_fields?: string[] | string;
  active?: boolean;
}
export interface Pipeline { id: number; name: string; is_default: boolean; stages: Stage[] }
export interface Opportunity {
  id: number;
  pipeline_id: number;
  stage_id: number;
  stage_name?: string;
  probability?: number;
  account_id: number | null;
  account_name?: string;
  primary_contact_id: number | null;
  lead_id?: number | null;
  name: string;
  amount_minor: number;
  currency: string;
  amount?: Money;
  expected_close_date: string | null;
  owner_user_id: number | null;
  owner_name?: string;
  status: 'open' | 'won' | 'lost' | string;
  forecast_category: string;
  next_step: string;
  source?: string;
  close_reason: string;
  closed_at?: string | null;
  stage_entered_at?: string | null;
  last_activity_at?: string | null;
  created_at?: string;
}
export interface QuoteLine { id?: number; sku: string; name: string; quantity: number; unit_price_minor: number; discount_minor: number; total_minor?: number }
export interface OpportunityCompetitor { competitor_id: number; name?: string; notes: string }
export interface OpportunityDetail extends Opportunity {
  stage?: Stage;
  pipeline_name?: string;
  lines?: QuoteLine[];
  competitors?: OpportunityCompetitor[];
}
export interface StageHistoryEntry {
  id?: number;
  from_stage_id: number | null;
  to_stage_id: number;
  from_name?: string;
  to_name?: string;
  from_stage?: string | null;
  to_stage?: string;
  amount_minor: number;
  probability: number;
  actor: string;
  moved_at: string;
}
export interface Competitor {
  id: number;
  name: string;
  website: string;
  products: string;
  price_positioning: string;
  strengths: string;
  weaknesses: string;
  notes: string;
}
export interface Activity {
  id: number;
  kind: string;
  subject: string;
  body: string;
  outcome: string;
  duration_s: number | null;
  account_id: number | null;
  contact_id: number | null;
  opportunity_id: number | null;
  lead_id: number | null;
  user_id: number | null;
  user_name?: string;
  occurred_at: string;
}
export interface DuplicateMatch { type: 'contact' | 'account' | 'lead' | string; id: number; name: string; reasons: string[] }
export interface LeadOutcome { outcome?: string; result?: string; lead?: Lead; duplicates?: DuplicateMatch[] }
export interface ChainNode { contact_id: number; reports?: ChainNode[] }
export interface AccountDetail {
  account?: Account;
  parent?: Account | null;
  children?: Account[];
  contacts?: Contact[];
  chain?: { by_role?: Array<{ role: string; contact_ids: number[] }> | Record<string, number[]>; tree?: ChainNode[] };
  decision_chain?: AccountDetail['chain'];
  opportunities?: Opportunity[];
  recent_activities?: Activity[];
  activities?: Activity[];
  [k: string]: unknown;
}
export interface Conversion {
  lead?: Lead;
  account?: Account | null;
  account_created?: boolean;
  contact?: Contact;
  contact_created?: boolean;
  opportunity?: OpportunityDetail | null;
}
export interface StageMove { stage_id: number; reason?: string; expected_close_date?: string; amount_minor?: number; next_step?: string; [k: string]: unknown }

type Q = Record<string, string | number | boolean | undefined | null>;
const S = '/api/v1';
/** The sales lists page with ?after= (next_after); ServerTable's cursor is passed as `after`. */
const paged = ({ cursor, ...q }: Q & { cursor?: string | null }): Q => ({ ...q, after: cursor ?? undefined });
export const salesApi = {
  accounts: (q: Q & { cursor?: string | null; limit?: number }, signal?: AbortSignal) => api.get<Page<Account>>(`${S}/accounts`, paged(q), { signal }),
  /** quiet: a 403 is only thrown (no 403 page) — for look-ups made by another screen. */
  account: (id: number | string, quiet = false) => api.get<AccountDetail & Partial<Account>>(`${S}/accounts/${id}`, undefined, { quiet403: quiet }),
  createAccount: (body: Partial<Account>) => api.post<Account>(`${S}/accounts`, body),
  patchAccount: (id: number, body: Partial<Account>) => api.patch<Account>(`${S}/accounts/${id}`, body),
  contacts: (q: Q & { cursor?: string | null; limit?: number }, signal?: AbortSignal) => api.get<Page<Contact>>(`${S}/contacts`, paged(q), { signal }),
  createContact: (body: Partial<Contact>) => api.post<Contact>(`${S}/contacts`, body),
  patchContact: (id: number, body: Partial<Contact>) => api.patch<Contact>(`${S}/contacts/${id}`, body),
  leads: (q: Q & { cursor?: string | null; limit?: number }, signal?: AbortSignal) => api.get<Page<Lead>>(`${S}/leads`, paged(q), { signal }),
  createLead: (body: Partial<Lead>, onDuplicate: 'reject' | 'link' | 'allow' = 'reject') =>
    api.post<LeadOutcome & Partial<Lead>>(`${S}/leads?on_duplicate=${onDuplicate}`, body),
  duplicates: (q: { email?: string; phone?: string; company?: string }) => api.get<{ items: DuplicateMatch[] }>(`${S}/leads/duplicates`, q, { quiet403: true }),
  leadStatus: (id: number, status: string, reason?: string) => api.post<Lead>(`${S}/leads/${id}/status`, { status, ...(reason ? { reason } : {}) }),
  convertLead: (id: number, body: { account_id?: number; contact_id?: number; create_opportunity?: boolean; opportunity?: { name?: string; amount_minor?: number; expected_close_date?: string; pipeline_id?: number } }) =>
    api.post<Conversion>(`${S}/leads/${id}/convert`, body),
  pipelines: () => api.get<{ items: Pipeline[] }>(`${S}/pipelines`, undefined, { quiet403: true }),
  board: (id: number, perStage = 50) => api.get<unknown>(`${S}/pipelines/${id}/board`, { per_stage: perStage }),
  opportunities: (q: Q & { cursor?: string | null; limit?: number }, signal?: AbortSignal) => api.get<Page<Opportunity>>(`${S}/opportunities`, paged(q), { signal }),
  opportunity: (id: number | string) => api.get<OpportunityDetail & { opportunity?: Opportunity }>(`${S}/opportunities/${id}`),
  createOpportunity: (body: Partial<Opportunity>) => api.post<OpportunityDetail>(`${S}/opportunities`, body),
  patchOpportunity: (id: number, body: Partial<Opportunity> & { lines?: QuoteLine[]; amount_from_lines?: boolean }) => api.patch<OpportunityDetail>(`${S}/opportunities/${id}`, body),
  moveStage: (id: number, body: StageMove) => api.post<OpportunityDetail>(`${S}/opportunities/${id}/stage`, body),
  history: (id: number) => api.get<{ items: StageHistoryEntry[] }>(`${S}/opportunities/${id}/history`),
  linkCompetitor: (id: number, competitorId: number, notes = '') => api.post<OpportunityDetail>(`${S}/opportunities/${id}/competitors`, { competitor_id: competitorId, notes }),
  unlinkCompetitor: (id: number, competitorId: number) => api.del<OpportunityDetail>(`${S}/opportunities/${id}/competitors/${competitorId}`),
  competitors: () => api.get<{ items: Competitor[] }>(`${S}/competitors`),
  createCompetitor: (body: Partial<Competitor>) => api.post<Competitor>(`${S}/competitors`, body),
  patchCompetitor: (id: number, body: Partial<Competitor>) => api.patch<Competitor>(`${S}/competitors/${id}`, body),
  activities: (q: Q & { cursor?: string | null; limit?: number }, signal?: AbortSignal) => api.get<Page<Activity>>(`${S}/activities`, paged(q), { signal }),
  logActivity: (body: Partial<Activity> & { occurred_at?: string }) => api.post<Activity>(`${S}/activities`, body),
  report: <T>(name: 'funnel' | 'forecast' | 'velocity' | 'stalled' | 'leaderboard' | 'competitors' | 'lead-cohorts', q: Q = {}) =>
    api.get<T>(`${S}/analytics/sales/${name}`, q, { quiet403: true }),
};
