// Service desk: tickets, canned responses, interactions, tasks, service report.
import { api, type Page } from './client';

export const TICKET_STATUSES = ['new', 'assigned', 'in_progress', 'waiting_customer', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type SlaState = 'none' | 'running' | 'paused' | 'warning' | 'breached' | 'met';

export interface Ticket {
  id: number;
  customer_id: number;
  subject: string;
  description: string;
  type: string;
  channel: string;
  priority: Priority;
  priority_reason: string;
  category: string;
  status: TicketStatus;
  assignee_agent_id: number | null;
  order_ids: number[];
  attachments: Array<{ url: string; name: string }>;
  sla_state: SlaState;
  customer_contacts: number;
  agent_replies: number;
  reopen_count: number;
  csat_score: number | null;
  created_by: string;
  first_response_at: string | null;
  first_response_due: string | null;
  resolution_due: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  created_at: string | null;
  updated_at: string | null;
}
export interface TicketEvent {
  id: number;
  kind: string;
  from: string;
  to: string;
  body: string;
  actor: string;
  agent_id: number | null;
  at: string | null;
}
export interface CannedResponse { id: number; name: string; body: string }
export interface Csat {
  id: number; ticket_id: number; score: number | null; comment: string; source: string;
  sent_at: string | null; answered_at: string | null;
}
export interface ServiceSettings {
  ticket_types: string[];
  channels: string[];
  categories: string[];
  closing_requires_resolved: boolean;
  sla: Record<string, { first_response_minutes: number; resolution_minutes: number }>;
  [k: string]: unknown;
}
export interface TicketFilters {
  status?: string;
  priority?: string;
  assignee?: number | string;
  type?: string;
  channel?: string;
  customer?: number;
  sla?: string;
  q?: string;
  sort?: string;
}
export interface NewTicket {
  customer_id: number;
  subject: string;
  description?: string;
  type: string;
  channel: string;
  priority?: string;
  category?: string;
  order_ids?: number[];
}
export interface Task {
  id: number;
  customer_id: number | null;
  ticket_id: number | null;
  assignee_user_id: number | null;
  assignee_role: string;
  title: string;
  notes: string;
  status: 'open' | 'done' | 'cancelled';
  source: string;
  due_at: string | null;
  remind_at: string | null;
  completed_at: string | null;
  created_at: string | null;
}
export interface Interaction {
  id: number; customer_id: number; type: string; direction: string; author: string; summary: string;
  occurred_at: string;
}
export interface NewInteraction {
  type: 'call' | 'visit' | 'chat' | 'email' | 'other';
  direction?: '' | 'inbound' | 'outbound';
  summary: string;
  agent_id?: number;
  duration_s?: number;
  outcome?: string;
  next_follow_up_at?: string;
  ticket_id?: number;
}
export interface ReportBlock {
  tickets: number;
  resolved: number;
  key?: string;
  fcr: { decided: number; pending: number; rate: number | null; resolved_first_contact: number };
  one_touch: { count: number; rate: number | null };
  csat: { average: number | null; distribution: Record<string, number>; response_rate: number | null; responses: number; sent: number };
  sla: {
    first_response: { breached: number; met: number; met_rate: number | null };
    resolution: { breached: number; met: number; met_rate: number | null };
  };
  average_first_response_business_ms: number | null;
  average_resolution_business_ms: number | null;
  by_type?: Record<string, number>;
  by_channel?: Record<string, number>;
  by_priority?: Record<string, number>;
  by_status?: Record<string, number>;
}
export interface ServiceReport { from: string | null; to: string | null; total: ReportBlock; groups: ReportBlock[] }

const T = '/api/v1/tickets';
export const serviceApi = {
  tickets: (f: TicketFilters & { cursor?: string | null; limit?: number }, signal?: AbortSignal) =>
    api.get<Page<Ticket>>(T, { ...f, cursor: f.cursor ?? undefined } as Record<string, string | number | undefined>, { signal }),
  ticket: (id: number | string) => api.get<Ticket>(`${T}/${id}`),
  create: (body: NewTicket) => api.post<Ticket>(T, body),
  patch: (id: number, body: Partial<NewTicket>) => api.patch<Ticket>(`${T}/${id}`, body),
  setStatus: (id: number, status: TicketStatus, comment?: string) =>
    api.post<Ticket>(`${T}/${id}/status`, { status, ...(comment ? { comment } : {}) }),
  /** agentId undefined → automatic assignment. */
  assign: (id: number, agentId?: number) => api.post<Ticket>(`${T}/${id}/assign`, agentId ? { agent_id: agentId } : {}),
  message: (id: number, body: { kind: 'reply' | 'customer_message' | 'note'; body: string; canned_response_id?: number; status?: TicketStatus }) =>
    api.post<Ticket>(`${T}/${id}/messages`, body),
  events: (id: number) => api.get<{ items: TicketEvent[] }>(`${T}/${id}/events`),
  csat: (id: number) => api.get<Csat | null>(`${T}/${id}/csat`, undefined, { quiet403: true }),
  recordCsat: (id: number, score: number, comment: string, source: 'phone' | 'visit' | 'api' = 'phone') =>
    api.post<Csat>(`${T}/${id}/csat`, { score, comment, source }),
  canned: () => api.get<{ items: CannedResponse[] }>('/api/v1/canned-responses', undefined, { quiet403: true }),
  createCanned: (name: string, body: string) => api.post<CannedResponse>('/api/v1/canned-responses', { name, body }),
  settings: () => api.get<ServiceSettings>('/api/v1/settings/service', undefined, { quiet403: true }),
  report: (q: { from?: string; to?: string; agent?: number; group_by?: string }) =>
    api.get<ServiceReport>('/api/v1/analytics/service', q),
  interactions: (customerId: number, limit = 20) =>
    api.get<{ items: Interaction[] }>(`/api/v1/customers/${customerId}/interactions`, { limit }, { quiet403: true }),
  logInteraction: (customerId: number, body: NewInteraction) =>
    api.post<Interaction>(`/api/v1/customers/${customerId}/interactions`, body),
  tasks: (q: { status?: string; assignee?: number; customer?: number; ticket?: number; due_before?: string; after?: number | string; limit?: number }, signal?: AbortSignal) =>
    api.get<{ items: Task[]; next_after: number | null }>('/api/v1/tasks', q, { signal }),
  createTask: (body: { title: string; notes?: string; customer_id?: number; ticket_id?: number; assignee_user_id?: number; due_at?: string; remind_at?: string }) =>
    api.post<Task>('/api/v1/tasks', body),
  patchTask: (id: number, body: Partial<Pick<Task, 'title' | 'notes' | 'status' | 'due_at' | 'remind_at'>>) =>
    api.patch<Task>(`/api/v1/tasks/${id}`, body),
};
