// Care and marketing automation: journeys, care templates, campaigns, message templates,
// the outbox, suppressions, guardrails/providers (settings/care) and holidays.
// Shapes follow src/api/openapi.json and the handlers in src/api/handlers/{journeys,messaging}.cpp.
import { api, type Page } from './client';
import type { JourneyDefinition } from '@/views/marketing/journey';

export type JourneyStatus = 'draft' | 'active' | 'paused' | 'archived';
export interface StepStats { step: string; type: string; waiting: number; outcomes: Record<string, number> }
export interface JourneyStats { runs: Record<string, number>; steps: StepStats[] }
export interface Journey {
  id: number;
  name: string;
  status: JourneyStatus;
  version: number;
  template_key?: string | null;
  created_by?: string;
  created_at?: string | null;
  updated_at?: string | null;
  definition: JourneyDefinition;
  stats?: JourneyStats | null;
}
export interface JourneyRun {
  id: number;
  journey_id: number;
  version: number;
  customer_id: number;
  occurrence?: string;
  status: 'waiting' | 'done' | 'exited' | 'failed';
  step?: string;
  wait_event?: string | null;
  variant?: string | null;
  exit_reason?: string | null;
  wake_at?: string | null;
  started_at?: string | null;
  updated_at?: string | null;
}
export interface CareTemplate {
  key: string;
  name: string;
  name_en: string;
  description: string;
  definition: JourneyDefinition;
  message_templates: Array<{ name: string; channel: string; class: string; body: string; subject?: string }>;
  journey_id: number | null;
  status: 'off' | JourneyStatus;
}
export interface SimulationRow {
  customer_id: number;
  customer_name?: string;
  channel?: string;
  template?: string;
  to?: string;
  status?: string;
  reason?: string | null;
  subject?: string;
  body?: string;
  due_at?: string | null;
  due_at_local?: string;
}
export interface Simulation {
  journey_id: number;
  journey: string;
  entered: number;
  messages: number;
  by_status: Record<string, number>;
  by_day: Record<string, number>;
  sample: SimulationRow[];
}

export type CampaignStatus = 'draft' | 'scheduled' | 'running' | 'paused' | 'done' | 'cancelled';
export interface CampaignVariantDef { key: string; template: string; weight?: number }
export interface CampaignDefinition {
  segment: string;
  variants: CampaignVariantDef[];
  control_pct?: number;
  send_window?: { start: string; end: string };
  throttle_per_minute?: number;
  attribution_days?: number;
  class?: 'marketing' | 'care';
  /** The channel is the templates' channel; kept here only for display. */
}
export interface Campaign {
  id: number;
  name: string;
  status: CampaignStatus;
  definition: CampaignDefinition;
  created_by?: string;
  scheduled_at?: string | null;
  started_at?: string | null;
  finished_at?: string | null;
  created_at?: string | null;
}
export interface CampaignVariantReport {
  variant: string;
  targeted: number;
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  suppressed: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  suppressed_by_reason: Record<string, number>;
  reached: number;
  converted: number;
  orders: number;
  revenue: number;
  attributed_orders: number;
  attributed_revenue: number;
  conversion_rate: number;
  uplift?: number;
  uplift_relative?: number | null;
  incremental_conversions?: number;
}
export interface CampaignReport {
  campaign_id: number;
  name: string;
  status: CampaignStatus;
  attribution_days: number;
  control_conversion_rate: number | null;
  variants: CampaignVariantReport[];
}

export type Channel = 'sms' | 'email' | 'wechat' | 'webhook';
export type MessageClass = 'marketing' | 'care';
export interface SmsLengthInfo { characters: number; encoding: 'gsm7' | 'ucs2'; segments: number; units_per_segment: number }
export interface MessageTemplate {
  id: number;
  name: string;
  channel: Channel;
  class: MessageClass;
  subject?: string;
  body: string;
  provider_template?: string;
  params?: Record<string, string>;
  variables?: string[];
  sms?: SmsLengthInfo;
  created_at?: number | string;
  updated_at?: number | string;
}
export interface MessageTemplateInput {
  name: string;
  channel: Channel;
  class: MessageClass;
  subject?: string;
  body: string;
  provider_template?: string;
  params?: Record<string, string>;
}
export interface TemplatePreview { subject?: string; body?: string; to?: string; sms?: SmsLengthInfo }

export type MessageStatus = 'queued' | 'held' | 'sending' | 'sent' | 'delivered' | 'failed' | 'dead' | 'suppressed' | 'cancelled';
export interface OutboxMessage {
  id: number;
  customer_id?: number | null;
  channel: string;
  class: string;
  template_id?: number | null;
  to?: string;
  source?: string;
  source_id?: number | null;
  variant?: string | null;
  status: MessageStatus;
  reason?: string | null;
  attempts?: number;
  provider?: string | null;
  subject?: string;
  body?: string;
  due_at?: string | null;
  sent_at?: string | null;
  delivered_at?: string | null;
  created_at?: string | null;
}
export interface Suppression { channel: Channel; address: string; reason?: string; source?: string; created_at?: string | null }

export interface FrequencyCap { class: MessageClass; channel: Channel | '*'; max: number; days: number }
export type ProviderConfig = Record<string, unknown> & { kind: string };
export interface CareSettings {
  quiet_hours?: { start: string; end: string };
  caps?: FrequencyCap[];
  dedupe_hours?: number;
  marketing_requires_opt_in?: boolean;
  attribution_days?: number;
  public_url?: string;
  providers?: Partial<Record<Channel, ProviderConfig>>;
}
export interface HolidayOccurrence { date: string; key: string; name_zh: string; name_en: string }
export interface Holidays { year: number; builtin: Array<Record<string, unknown>>; shop: Array<Record<string, unknown>>; occurrences: HolidayOccurrence[] }

type CursorPage<T> = { items: T[]; next_cursor?: number | null };
function toPage<T>(p: CursorPage<T>): Page<T> {
  return { items: p.items ?? [], next_cursor: p.next_cursor === null || p.next_cursor === undefined ? null : String(p.next_cursor) };
}

export const journeysApi = {
  list: (status?: JourneyStatus) => api.get<{ items: Journey[] }>('/api/v1/journeys', { status }),
  get: (id: number | string) => api.get<Journey>(`/api/v1/journeys/${id}`),
  create: (body: { name: string; definition: JourneyDefinition }) => api.post<Journey>('/api/v1/journeys', body),
  patch: (id: number | string, body: { name?: string; definition?: JourneyDefinition }) => api.patch<Journey>(`/api/v1/journeys/${id}`, body),
  setStatus: (id: number | string, status: JourneyStatus) => api.post<Journey>(`/api/v1/journeys/${id}/status`, { status }),
  runs: async (id: number | string, q: { status?: string; cursor: string | null; limit: number }, signal?: AbortSignal) =>
    toPage(await api.get<CursorPage<JourneyRun>>(`/api/v1/journeys/${id}/runs`, { status: q.status, cursor: q.cursor ?? undefined, limit: q.limit }, { signal })),
  simulate: (id: number | string, body: { from: string; to: string; limit?: number }) => api.post<Simulation>(`/api/v1/journeys/${id}/simulate`, body),
  careTemplates: () => api.get<{ items: CareTemplate[] }>('/api/v1/care-templates'),
  enableCareTemplate: (key: string) => api.post<Journey>(`/api/v1/care-templates/${encodeURIComponent(key)}/enable`),
  holidays: (year?: number) => api.get<Holidays>('/api/v1/holidays', { year }, { quiet403: true }),
};

export const campaignsApi = {
  list: (status?: CampaignStatus) => api.get<{ items: Campaign[] }>('/api/v1/campaigns', { status }),
  get: (id: number | string) => api.get<Campaign>(`/api/v1/campaigns/${id}`),
  create: (body: { name: string; definition: CampaignDefinition; scheduled_at?: string }) => api.post<Campaign>('/api/v1/campaigns', body),
  schedule: (id: number | string, at?: string) => api.post<Campaign>(`/api/v1/campaigns/${id}/schedule`, at ? { at } : {}),
  cancel: (id: number | string) => api.post<Campaign>(`/api/v1/campaigns/${id}/cancel`),
  pause: (id: number | string) => api.post<Campaign>(`/api/v1/campaigns/${id}/pause`),
  resume: (id: number | string) => api.post<Campaign>(`/api/v1/campaigns/${id}/resume`),
  report: (id: number | string) => api.get<CampaignReport>(`/api/v1/campaigns/${id}/report`),
};

export const templatesApi = {
  list: () => api.get<{ items: MessageTemplate[] }>('/api/v1/message-templates'),
  get: (id: number | string) => api.get<MessageTemplate>(`/api/v1/message-templates/${id}`),
  create: (body: MessageTemplateInput) => api.post<MessageTemplate>('/api/v1/message-templates', body),
  put: (id: number | string, body: MessageTemplateInput) => api.put<MessageTemplate>(`/api/v1/message-templates/${id}`, body),
  remove: (id: number | string) => api.del<void>(`/api/v1/message-templates/${id}`),
  preview: (id: number | string, customerId: number, vars?: Record<string, string>) =>
    api.post<TemplatePreview>(`/api/v1/message-templates/${id}/preview`, { customer_id: customerId, vars }),
  smsLength: (text: string, signal?: AbortSignal) => api.post<SmsLengthInfo>('/api/v1/sms-length', { text }, { signal }),
};

export const outboxApi = {
  list: async (q: { status?: string; source?: string; source_id?: number; cursor: string | null; limit: number }, signal?: AbortSignal) =>
    toPage(await api.get<CursorPage<OutboxMessage>>('/api/v1/messages', { ...q, cursor: q.cursor ?? undefined }, { signal })),
  get: (id: number | string) => api.get<OutboxMessage>(`/api/v1/messages/${id}`),
  retry: (id: number | string) => api.post<OutboxMessage>(`/api/v1/messages/${id}/retry`),
  suppressions: (q: { channel?: string; offset?: number; limit?: number }) => api.get<{ items: Suppression[] }>('/api/v1/suppressions', q),
  suppress: (body: { channel: Channel; address: string; reason?: string }) => api.post<{ added: boolean }>('/api/v1/suppressions', body),
  unsuppress: (body: { channel: Channel; address: string }) => api.post<{ removed: boolean }>('/api/v1/suppressions/remove', body),
};

export const careSettingsApi = {
  get: () => api.get<CareSettings>('/api/v1/settings/care'),
  put: (body: CareSettings) => api.put<CareSettings>('/api/v1/settings/care', body),
};
