import { api, type RequestOptions } from './client';

export interface Shop {
  id: number;
  name: string;
  time_zone: string;
  currency: string;
}
export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  role: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export const shopApi = {
  get: (o: RequestOptions = {}) => api.get<Shop>('/api/v1/shop', undefined, o),
  /** PATCH /api/v1/shop (the users/settings work adds it; a 404/405 means not yet). */
  update: (patch: Partial<Pick<Shop, 'name' | 'time_zone' | 'currency'>>) => api.patch<Shop>('/api/v1/shop', patch),
  apiKeys: () => api.get<{ items: ApiKey[] }>('/api/v1/apikeys'),
  createApiKey: (name: string, role?: string) =>
    api.post<{ key: string; token?: string; id: number } & Record<string, unknown>>('/api/v1/apikeys', role ? { name, role } : { name }),
  revokeApiKey: (id: number) => api.del<void>(`/api/v1/apikeys/${id}`),
};
