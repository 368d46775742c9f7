import { describe, expect, it, vi } from 'vitest';
import { mount, flushPromises } from '@vue/test-utils';
import { h } from 'vue';
import ServerTable from '@/components/ServerTable.vue';
import ListTable from '@/components/ListTable.vue';
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

  it('shows a preloaded first page without a request, then fetches the next one', async () => {
    const fetch = vi.fn(async (_q: { cursor: string | null; limit: number }) => ({ items: [{ id: 3 }], next_cursor: null }));
    const w = mount(ServerTable, {
      props: { fetch, pageSize: 2, initialPage: { items: [{ id: 1 }, { id: 2 }], next_cursor: 'c2' } },
      slots: { table: ({ rows }: { rows: Record<string, unknown>[] }) => h('ol', rows.map((r) => h('li', String(r.id)))) },
      global: { plugins: [i18n] },
    });
    // Rendered by the first render: no skeleton, no request.
    expect(w.findAll('[data-test="server-table"] li').map((li) => li.text())).toEqual(['1', '2']);
    expect(w.emitted('loaded')).toHaveLength(1);
    await flushPromises();
    expect(fetch).not.toHaveBeenCalled();
    await w.find('[data-test="page-next"]').trigger('click');
    await flushPromises();
    expect(fetch.mock.calls[0][0]).toMatchObject({ cursor: 'c2', limit: 2 });
    expect(w.findAll('[data-test="server-table"] li').map((li) => li.text())).toEqual(['3']);
  });
});

describe('ListTable', () => {
  const columns = [
    { key: 'id', label: 'ID', width: 90 },
    { key: 'name', label: 'Name', minWidth: 120 },
  ];
  const page1 = [{ id: 1, name: 'a' }, { id: 2, name: 'b' }];
  const page2 = [{ id: 3, name: 'c' }];

  it('renders one row per item with the cell slot, striped, and reports row clicks', async () => {
    const w = mount(ListTable, {
      props: { rows: page1, columns },
      slots: { cell: ({ row, column }: { row: Record<string, unknown>; column: { key: string } }) => String(row[column.key]) },
    });
    const rows = w.findAll('.el-table__body tr');
    expect(rows.map((r) => r.findAll('td').map((td) => td.text()))).toEqual([['1', 'a'], ['2', 'b']]);
    expect(rows[1].classes()).toContain('el-table__row--striped');
    expect(w.findAll('th').map((th) => th.text())).toEqual(['ID', 'Name']);
    await rows[1].trigger('click');
    expect(w.emitted('row-click')).toEqual([[page1[1]]]);
  });

  it('keeps the selection across pages, by row key', async () => {
    const w = mount(ListTable, { props: { rows: page1, columns, selectable: true, selected: [] } });
    const sync = async () => {
      const last = w.emitted<[unknown[]]>('update:selected')!.at(-1)![0];
      await w.setProps({ selected: last as typeof page1 });
      return (last as { id: number }[]).map((r) => r.id);
    };
    // Select all on page 1, then move to page 2 and pick its row.
    await w.find('thead .el-checkbox input').setValue(true);
    expect(await sync()).toEqual([1, 2]);
    await w.setProps({ rows: page2 });
    expect((w.find('thead .el-checkbox input').element as HTMLInputElement).checked).toBe(false);
    await w.find('tbody .el-checkbox input').setValue(true);
    expect(await sync()).toEqual([1, 2, 3]);
    // Back on page 1: its rows are still selected; unselecting one keeps the others.
    await w.setProps({ rows: page1 });
    expect(w.findAll('tbody .el-checkbox input').map((i) => (i.element as HTMLInputElement).checked)).toEqual([true, true]);
    await w.findAll('tbody .el-checkbox input')[0].setValue(false);
    expect(await sync()).toEqual([2, 3]);
    expect(w.emitted('row-click')).toBeUndefined();
  });

  it('shows the empty text without rows', () => {
    const w = mount(ListTable, { props: { rows: [], columns, emptyText: 'nothing' } });
    expect(w.find('.el-table__empty-text').text()).toBe('nothing');
    expect(w.findAll('.el-table__body tr')).toHaveLength(0);
  });
});

