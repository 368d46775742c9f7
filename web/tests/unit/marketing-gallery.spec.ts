import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ElMessageBox } from 'element-plus';
import JourneysView from '@/views/marketing/JourneysView.vue';
import { i18n } from '@/locales';
import { setFetch } from '@/api/client';
import { useSessionStore } from '@/stores/session';

// The care template gallery: one card per template with stable test ids, the switch shows
// whether it is on, and switching it on asks first, then calls the enable route.
const templates = (status: string) => ({
  items: [
    { key: 'birthday', name: '生日关怀', name_en: 'Birthday care', description: '生日当天09:00发送祝福短信', status, journey_id: status === 'off' ? null : 1,
      definition: { trigger: { type: 'date', date: 'birthday', at: '09:00' }, steps: [{ id: 'sms', type: 'send', template: '生日祝福短信' }] }, message_templates: [] },
    { key: 'vip_care', name: 'VIP关怀', name_en: 'VIP care', description: 'VIP', status: 'off', journey_id: null,
      definition: { trigger: { type: 'event', event: 'tier_changed' }, steps: [{ id: 'x', type: 'exit' }] }, message_templates: [] },
  ],
});

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('care template gallery', () => {
  afterEach(() => {
    setFetch(null);
    vi.restoreAllMocks();
  });

  it('enables the birthday template after confirmation', async () => {
    let birthday = 'off';
    const calls: string[] = [];
    setFetch((async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      calls.push(`${init?.method ?? 'GET'} ${url}`);
      if (url.startsWith('/api/v1/care-templates/birthday/enable')) {
        birthday = 'active';
        return json({ id: 1, name: '生日关怀', status: 'active', version: 1, definition: { trigger: {}, steps: [] } });
      }
      if (url.startsWith('/api/v1/care-templates')) return json(templates(birthday));
      if (url.startsWith('/api/v1/journeys')) return json({ items: [] });
      if (url.startsWith('/api/v1/holidays')) return json({ builtin: [], shop: [], occurrences: [] });
      return json({}, 404);
    }) as typeof fetch);
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);

    const pinia = createPinia();
    setActivePinia(pinia);
    useSessionStore().set({ id: 1, username: 'm', display_name: 'M', role: 'marketer', team_id: null, locale: 'zh-CN', permissions: ['journeys.read', 'journeys.write'], scope: 'all' } as never);
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', name: 'journey', component: { template: '<div />' } }] });
    const w = mount(JourneysView, { global: { plugins: [i18n, pinia, router] } });
    await flushPromises();

    const card = w.find('[data-testid="care-template-birthday"]');
    expect(card.exists()).toBe(true);
    expect(card.attributes('data-status')).toBe('off');
    const sw = w.find('[data-testid="care-template-birthday-enable"]');
    expect(sw.exists()).toBe(true);
    expect(sw.classes()).not.toContain('is-checked');

    await sw.trigger('click');
    await flushPromises();
    await flushPromises();
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(calls).toContain('POST /api/v1/care-templates/birthday/enable');
    expect(w.find('[data-testid="care-template-birthday"]').attributes('data-status')).toBe('active');
    expect(w.find('[data-testid="care-template-birthday-enable"]').classes()).toContain('is-checked');
    // The other card is untouched.
    expect(w.find('[data-testid="care-template-vip_care"]').attributes('data-status')).toBe('off');
  });
});
