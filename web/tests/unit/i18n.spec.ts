import { describe, expect, it } from 'vitest';
import zhCN from '@/locales/zh-CN';
import en from '@/locales/en';

function keys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('locales', () => {
  it('zh-CN and en have the same keys', () => {
    const a = new Set(keys(zhCN));
    const b = new Set(keys(en));
    expect([...a].filter((k) => !b.has(k))).toEqual([]);
    expect([...b].filter((k) => !a.has(k))).toEqual([]);
  });
  it('no message is empty', () => {
    for (const [name, msgs] of [['zh-CN', zhCN], ['en', en]] as const) {
      const empty = keys(msgs).filter((k) => k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], msgs) === '');
      expect(empty, name).toEqual([]);
    }
  });
});
