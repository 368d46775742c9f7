import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { csrfToken, setFetch } from '@/api/client';
import { useSessionStore } from '@/stores/session';

const user = { id: 7, username: 'li', display_name: '李客服', role: 'csr', team_id: 2, locale: 'zh-CN', permissions: ['customers.read', 'tickets.read'], scope: 'own' };

describe('session store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('signs in, keeps the CSRF token and answers hasPermission', async () => {
    setFetch(vi.fn(async () => new Response(JSON.stringify({ user, csrf_token: 'csrf-1' }), { status: 200, headers: { 'content-type': 'application/json' } })) as unknown as typeof fetch);
    const s = useSessionStore();
    await s.signIn('li', 'secret');
    expect(s.signedIn).toBe(true);
    expect(csrfToken()).toBe('csrf-1');
    expect(s.hasPermission('customers.read')).toBe(true);
    expect(s.hasPermission(['customers.read', 'users.manage'])).toBe(false);
    expect(s.hasPermission()).toBe(true);
  });

  it('is signed out when GET /session answers 401', async () => {
    setFetch(vi.fn(async () => new Response(JSON.stringify({ status: 401 }), { status: 401, headers: { 'content-type': 'application/problem+json' } })) as unknown as typeof fetch);
    const s = useSessionStore();
    await s.load();
    expect(s.signedIn).toBe(false);
    expect(s.loaded).toBe(true);
    expect(s.hasPermission('customers.read')).toBe(false);
  });
});
