// Users, teams, roles and the audit log (src/api/handlers/users.cpp).
import { api, type Page } from './client';

export interface User {
  id: number;
  username: string;
  display_name: string;
  email?: string;
  role: string;
  team_id: number | null;
  grants?: string[];
  locale?: string;
  active: boolean;
  must_change_password?: boolean;
  locked_until?: string | null;
  last_login_at?: string | null;
  created_at?: string;
}
export interface Team { id: number; name: string; manager_user_id?: number | null }
export interface Role { role: string; permissions: string[]; scope: 'own' | 'team' | 'all'; customized?: boolean; editable?: boolean }
export interface PermissionInfo { name: string; module: string; action: string }
export interface AuditEntry {
  id: number;
  actor: string;
  user_id: number | null;
  action: string;
  object_type: string;
  object_id: string;
  detail: unknown;
  ip: string;
  occurred_at: string;
}

export const adminApi = {
  /** All users of the shop (the route does not page: shops have tens of users, not millions). */
  users: (_q: { limit?: number } = {}) => api.get<{ items: User[] }>('/api/v1/users', undefined, { quiet403: true }),
  createUser: (body: Record<string, unknown>) => api.post<User>('/api/v1/users', body),
  updateUser: (id: number, body: Record<string, unknown>) => api.patch<User>(`/api/v1/users/${id}`, body),
  deactivateUser: (id: number) => api.del<void>(`/api/v1/users/${id}`),
  resetPassword: (id: number, new_password: string) => api.post<void>(`/api/v1/users/${id}/reset-password`, { new_password }),
  teams: () => api.get<{ items: Team[] }>('/api/v1/teams', undefined, { quiet403: true }),
  createTeam: (name: string) => api.post<Team>('/api/v1/teams', { name }),
  roles: () => api.get<{ items: Role[]; permissions: PermissionInfo[] }>('/api/v1/roles'),
  updateRole: (role: string, permissions: string[], scope: string) =>
    api.put<Role>(`/api/v1/roles/${encodeURIComponent(role)}`, { permissions, scope }),
  audit: (q: { cursor?: string | null; limit?: number; action?: string; actor?: string; from?: string; to?: string }, signal?: AbortSignal) =>
    api.get<Page<AuditEntry>>('/api/v1/audit', { ...q, cursor: q.cursor ?? undefined }, { signal }),
};
