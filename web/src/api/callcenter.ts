// Call center: queues, agents (live state), the screen-pop stream, call log, statistics, IVR.
import { api, type Page } from './client';
import type { Customer360 } from './customers';

export const AGENT_STATES = ['available', 'on_call', 'wrap_up', 'break', 'offline'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export interface Agent {
  id: number;
  name: string;
  user_id: number | null;
  skills: Record<string, number>;
  state: AgentState | string;
  state_since: string | null;
  ticket_capacity: number;
  active: boolean;
  blended: boolean;
  wrap_up_s: number;
}
export interface Queue {
  id: number;
  name: string;
  skill: string;
  min_level: number;
  priority: number;
  overflow_to: number | null;
  overflow_after_s: number;
  callback_offer_after_s: number | null;
  service_level_s: number;
  live?: QueueLive;
}
export interface WaitingCall { call_id?: number; id?: number; number?: string; vip?: boolean; waiting_s?: number; wait_s?: number; offered_at?: string; [k: string]: unknown }
export interface QueueLive {
  queue_id: number;
  waiting: WaitingCall[];
  idle_agents: number[];
  callbacks_pending: number;
  entries_pending: number;
  held: number;
}
export interface CallStatsRow {
  offered: number;
  answered: number;
  abandoned: number;
  abandonment_rate: number;
  answered_in_sl: number;
  service_level: number;
  asa_s: number;
  aht_s: number;
  handled: number;
  callbacks: number;
  talk_ms: number;
  wrap_up_ms: number;
  outbound_dialed: number;
  outbound_connected: number;
  time?: { available_ms: number; break_ms: number; on_call_ms: number; wrap_up_ms: number; occupancy: number };
  queue_id?: number;
  agent_id?: number;
  start?: string;
  start_local?: string;
}
export interface CallStats {
  from: string;
  to: string;
  interval: string;
  total: CallStatsRow;
  queues: CallStatsRow[];
  agents: CallStatsRow[];
  intervals: CallStatsRow[];
}
export interface Call {
  id: number;
  direction: string;
  number: string;
  queue_id: number | null;
  agent_id: number | null;
  customer_id: number | null;
  vip: boolean;
  outcome: string;
  offered_at: string | null;
  answered_at: string | null;
  ended_at: string | null;
  wait_s: number | null;
  talk_s: number | null;
}
export interface OpenTicket { id: number; subject: string; status: string; priority: string; sla_state: string; due?: string | null }
/** The data of a screen_pop server-sent event. */
export interface ScreenPop {
  call: { id: number; direction: string; number: string; queue_id: number | null; agent_id: number | null; customer_id: number | null; vip: boolean; ivr_path: string[]; offered_at: string };
  wait_s: number;
  caller: { known: boolean; number: string; customer?: Customer360; open_tickets?: OpenTicket[] };
}
export interface IvrMenu { start: string; hours?: Record<string, unknown>; nodes: Record<string, Record<string, unknown>> }

export const callcenterApi = {
  agents: () => api.get<{ items: Agent[] }>('/api/v1/agents', undefined, { quiet403: true }),
  agent: (id: number) => api.get<Agent>(`/api/v1/agents/${id}`),
  createAgent: (body: Partial<Agent>) => api.post<Agent>('/api/v1/agents', body),
  patchAgent: (id: number, body: Partial<Agent>) => api.patch<Agent>(`/api/v1/agents/${id}`, body),
  setState: (id: number, state: AgentState) => api.post<{ state?: string; decisions?: unknown[] }>(`/api/v1/agents/${id}/state`, { state }),
  /** The SSE stream URL of an agent's screen-pop events (EventSource; same-origin cookies). */
  eventsUrl: (id: number) => `/api/v1/agents/${id}/events`,
  queues: () => api.get<{ items: Queue[] }>('/api/v1/queues', undefined, { quiet403: true }),
  queue: (id: number) => api.get<Queue>(`/api/v1/queues/${id}`),
  createQueue: (body: Partial<Queue>) => api.post<Queue>('/api/v1/queues', body),
  putQueue: (id: number, body: Partial<Queue>) => api.put<Queue>(`/api/v1/queues/${id}`, body),
  calls: (q: { cursor?: string | null; limit?: number; [k: string]: string | number | null | undefined }, signal?: AbortSignal) =>
    api.get<Page<Call>>('/api/v1/calls', { ...q, cursor: q.cursor ?? undefined }, { signal }),
  stats: (q: { from?: string; to?: string; interval?: string }) => api.get<CallStats>('/api/v1/callcenter/stats', q),
  ivr: (name: string) => api.get<IvrMenu>(`/api/v1/ivr/${encodeURIComponent(name)}`, undefined, { quiet403: true }),
  putIvr: (name: string, menu: IvrMenu) => api.put<IvrMenu>(`/api/v1/ivr/${encodeURIComponent(name)}`, menu),
  validateIvr: (menu: IvrMenu) => api.post<{ ok?: boolean; [k: string]: unknown }>('/api/v1/ivr/validate', menu),
  walkIvr: (name: string, number: string, digits: string) =>
    api.post<Record<string, unknown>>(`/api/v1/ivr/${encodeURIComponent(name)}/walk`, { number, digits }),
};
