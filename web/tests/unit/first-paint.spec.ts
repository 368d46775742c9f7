import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { h, nextTick } from 'vue';
import ServerTable from '@/components/ServerTable.vue';
import { resetFirstPaint } from '@/composables/useFirstPaint';
import { i18n } from '@/locales';

// The page-size select of ServerTable stands for every widget rendered as its look until the
// first paint (useFirstPaint + SelectShell).
function mountTable() {
  return mount(ServerTable, {
    props: { fetch: async () => ({ items: [], next_cursor: null }), pageSize: 20, initialPage: { items: [{ id: 1 }], next_cursor: null } },
    slots: { table: ({ rows }: { rows: Record<string, unknown>[] }) => h('ol', rows.map((r) => h('li', String(r.id)))) },
    global: { plugins: [i18n] },
  });
}
const shell = (w: ReturnType<typeof mountTable>) => w.find('[data-shell="select"]');
const realSelect = (w: ReturnType<typeof mountTable>) => w.find('.el-select:not([data-shell])');
const afterFrames = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('useFirstPaint', () => {
  afterEach(() => resetFirstPaint());

  it('renders the look of the select first, with the current size, then the select itself', async () => {
    resetFirstPaint();
    const w = mountTable();
    expect(shell(w).exists()).toBe(true);
    expect(shell(w).text()).toContain('20');
    expect(realSelect(w).exists()).toBe(false);
    await afterFrames();
    await flushPromises();
    expect(shell(w).exists()).toBe(false);
    expect(realSelect(w).exists()).toBe(true);
  });

  it('swaps at once when the user reaches for the widget', async () => {
    resetFirstPaint();
    const w = mountTable();
    await shell(w).trigger('pointerdown');
    await nextTick();
    expect(shell(w).exists()).toBe(false);
    expect(realSelect(w).exists()).toBe(true);
  });

  it('renders the widgets directly on pages opened after the first paint', async () => {
    resetFirstPaint();
    mountTable();
    await afterFrames();
    const later = mountTable();
    expect(shell(later).exists()).toBe(false);
    expect(realSelect(later).exists()).toBe(true);
  });
});
