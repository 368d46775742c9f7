import { api } from './client';

export type Scope = 'own' | 'team' | 'all';
export interface SessionUser {
  id: number;
  username: string;
  display_name: string;
  role: string;
  team_id: number | null;
  locale: string;
  permissions: string[];
  scope: Scope;
  grants?: string[];
  email?: string;
  /** Set by an admin reset or a new account: the layout asks for a new password at once. */
  must_change_password?: boolean;
}
export interface Session {
  user: SessionUser;
  csrf_token: string;
}

export const sessionApi = {
  current: () => api.get<Session>('/api/v1/session', undefined, { quiet401: true, quiet403: true }),
  signIn: (username: string, password: string) =>
    api.post<Session>('/api/v1/session', { username, password }, { quiet401: true }),
  signOut: () => api.del<void>('/api/v1/session', { quiet401: true }),
  changePassword: (current_password: string, new_password: string) =>
    api.post<void>('/api/v1/session/password', { current_password, new_password }),
};
