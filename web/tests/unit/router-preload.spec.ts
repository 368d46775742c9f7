import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router';
import { defineComponent, h } from 'vue';
import { setFetch } from '@/api/client';
import { installGuards } from '@/router';

const user = { id: 1, username: 'a', display_name: 'A', role: 'csr', team_id: null, locale: 'zh-CN', permissions: ['customers.read'], scope: 'all' };
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' } });
const Page = defineComponent({ render: () => h('div') });

function makeRouter(preload: () => Promise<void>, permission = 'customers.read') {
  const routes: RouteRecordRaw[] = [
    { path: '/login', name: 'login', component: Page, meta: { public: true } },
    { path: '/403', name: 'forbidden', component: Page },
    { path: '/list', name: 'list', component: Page, meta: { permission, preload } },
  ];
  const router = createRouter({ history: createMemoryHistory(), routes });
  installGuards(router);
  return router;
}

describe('route preload', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('starts with the session probe and completes before the navigation', async () => {
    const order: string[] = [];
    let release!: () => void;
    setFetch(vi.fn(async (url: string) => {
      order.push(String(url));
      return json({ user, csrf_token: 't' });
    }) as unknown as typeof fetch);
    const preload = vi.fn(() => {
      order.push('preload');
      return new Promise<void>((r) => (release = r));
    });
    const router = makeRouter(preload);
    const done = router.push('/list');
    await vi.waitFor(() => expect(preload).toHaveBeenCalled());
    // Requested together with the session probe, which goes first.
    expect(order).toEqual(['/api/v1/session', 'preload']);
    await new Promise((r) => setTimeout(r, 10));
    expect(router.currentRoute.value.name).not.toBe('list');
    release();
    await done;
    expect(router.currentRoute.value.name).toBe('list');
  });

  it('does not wait for it when the user is sent elsewhere', async () => {
    setFetch(vi.fn(async () => json({ status: 401 }, 401)) as unknown as typeof fetch);
    const router = makeRouter(() => new Promise<void>(() => undefined));
    await router.push('/list');
    expect(router.currentRoute.value.name).toBe('login');
  });
});
