import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import CustomerList from '@/views/customers/CustomerList.vue';
import { i18n } from '@/locales';
import { setFetch } from '@/api/client';
import { useSessionStore } from '@/stores/session';
import { markPainted, resetFirstPaint } from '@/composables/useFirstPaint';

// The customer list's filter options (tags, segments, tier names) are asked for once the first
// page is on screen, not while it is being drawn; until they are in, the segment and tier
// selects hold their places as their looks, so the toolbar does not move when they arrive.
function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const OPTION_ROUTES = ['/api/v1/tags', '/api/v1/segments', '/api/v1/tiers/config'];

function mountList(calls: string[]) {
  setFetch((async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    if (url.startsWith('/api/v1/tags')) return json({ items: [{ name: 'vip', customers: 3 }] });
    if (url.startsWith('/api/v1/segments')) return json({ items: [{ id: 7, name: '高价值', member_count: 12 }] });
    if (url.startsWith('/api/v1/tiers/config')) return json({ levels: [{ name: '普通会员' }, { name: 'VIP会员' }] });
    if (url.startsWith('/api/v1/customers')) return json({ items: [{ id: 1, name: '陈蕾楠', tier: 'VIP会员' }], next_cursor: null, total: 1 });
    if (url.startsWith('/api/v1/shop')) return json({ name: 'S', time_zone: 'Asia/Shanghai', currency: 'CNY' });
    return json({}, 404);
  }) as typeof fetch);
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().set({
    id: 1, username: 'a', display_name: 'A', role: 'admin', team_id: null, locale: 'zh-CN',
    permissions: ['customers.read', 'segments.read', 'tiers.read'], scope: 'all',
  } as never);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', name: 'customer', component: { template: '<div />' } }] });
  return mount(CustomerList, { global: { plugins: [i18n, pinia, router] }, attachTo: document.body });
}

const optionCalls = (calls: string[]) => calls.filter((u) => OPTION_ROUTES.some((r) => u.startsWith(r)));

describe('customer list filters', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setFetch(null);
    resetFirstPaint();
    document.body.innerHTML = '';
  });

  it('asks for the filter options only after the first paint, and the selects keep their places meanwhile', async () => {
    resetFirstPaint();
    // Frames come and go, but the browser has not reported the first paint yet (Paint Timing).
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => setTimeout(() => cb(performance.now()), 0));
    vi.stubGlobal('PerformanceObserver', class {
      static supportedEntryTypes = ['paint'];
      observe(): void {}
      disconnect(): void {}
    });
    const calls: string[] = [];
    const w = mountList(calls);
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The first page is in, frames have passed; the options are not asked for yet.
    expect(w.findAll('[data-test="customer-link"]').length).toBe(1);
    expect(optionCalls(calls)).toEqual([]);
    expect(w.find('[data-test="filter-segment"]').exists()).toBe(false);
    expect(w.find('[data-test="filter-tier"]').exists()).toBe(false);
    // Tag, segment, tier, lifecycle, and the pager's page size: all looks for now.
    const shells = w.findAll('.gx-toolbar [data-shell="select"]');
    expect(shells.map((s) => s.text())).toEqual([
      i18n.global.t('customers.tag'),
      i18n.global.t('customers.segment'),
      i18n.global.t('customers.tier'),
      i18n.global.t('customers.lifecycle'),
    ]);

    markPainted();
    await flushPromises();
    await flushPromises();
    expect(optionCalls(calls).length).toBe(3);
    expect(w.find('[data-test="filter-segment"]').exists()).toBe(true);
    expect(w.find('[data-test="filter-tier"]').exists()).toBe(true);
    expect(w.findAll('.gx-toolbar [data-shell="select"]').length).toBe(0);
    w.unmount();
  });
});
