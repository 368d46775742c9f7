import { describe, expect, it, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { h } from 'vue';
import ServerTable from '@/components/ServerTable.vue';
import { i18n } from '@/locales';

describe('ServerTable', () => {
  it('loads one page at a time and walks cursors forward and back', async () => {
    const pages: Record<string, { items: { id: number }[]; next_cursor: string | null }> = {
      first: { items: [{ id: 1 }, { id: 2 }], next_cursor: 'c2' },
      c2: { items: [{ id: 3 }], next_cursor: null },
    };
    const fetch = vi.fn(async (q: { cursor: string | null; limit: number }) => pages[q.cursor ?? 'first']);
    const w = mount(ServerTable, {
      props: { fetch, pageSize: 2 },
      slots: { default: () => h('span') },
      global: { plugins: [i18n] },
    });
    await flushPromises();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0]).toMatchObject({ cursor: null, limit: 2 });
    expect((w.vm as unknown as { rows: { id: number }[] }).rows.map((r) => r.id)).toEqual([1, 2]);
    await w.find('[data-test="page-next"]').trigger('click');
    await flushPromises();
    expect(fetch.mock.calls[1][0]).toMatchObject({ cursor: 'c2' });
    expect(w.find('[data-test="page-next"]').attributes('disabled')).toBeDefined();
    await w.find('[data-test="page-prev"]').trigger('click');
    await flushPromises();
    expect(fetch.mock.calls[2][0]).toMatchObject({ cursor: null });
  });
});
