import { describe, expect, it } from 'vitest';
import { exportFileName, readWithProgress, totalOf, type StreamProgress, type StreamSource } from '@/composables/streamDownload';

const enc = new TextEncoder();

function source(chunks: string[], headers: Record<string, string> = {}): StreamSource & { cancelled: boolean } {
  const queue = chunks.map((c) => enc.encode(c));
  const s = {
    cancelled: false,
    headers: { get: (n: string) => headers[n.toLowerCase()] ?? null },
    body: {
      getReader: () => ({
        read: async () => (queue.length ? { done: false, value: queue.shift() } : { done: true }),
        cancel: async () => {
          s.cancelled = true;
        },
      }),
    },
  };
  return s;
}

describe('readWithProgress', () => {
  it('counts rows after the header as chunks arrive, with the announced total', async () => {
    const seen: StreamProgress[] = [];
    const src = source(['\ufeffid,name\r\n1,甲\r', '\n2,乙\r\n', '3,丙\r\n'], { 'x-total-count': '3', 'content-type': 'text/csv; charset=utf-8' });
    const blob = await readWithProgress(src, (p) => seen.push(p));
    expect(seen.map((p) => p.rows)).toEqual([0, 0, 2, 3]);
    expect(seen.every((p) => p.total === 3)).toBe(true);
    expect(seen[seen.length - 1].bytes).toBe(blob.size);
    expect(blob.type).toBe('text/csv; charset=utf-8');
    const text = await new Promise<string>((resolve) => {
      const r = new FileReader();
      r.onload = () => resolve(r.result as string);
      r.readAsText(blob);
    });
    // FileReader drops the byte order mark when decoding; the blob keeps its 3 bytes.
    expect(text).toBe('id,name\r\n1,甲\r\n2,乙\r\n3,丙\r\n');
    expect(blob.size).toBe(enc.encode('\ufeffid,name\r\n1,甲\r\n2,乙\r\n3,丙\r\n').length);
  });

  it('splits nothing: a row broken across chunks counts once', async () => {
    const seen: StreamProgress[] = [];
    await readWithProgress(source(['h\n', 'a,', 'b', '\n']), (p) => seen.push(p));
    expect(seen[seen.length - 1].rows).toBe(1);
    expect(seen[seen.length - 1].total).toBeNull();
  });

  it('stops and cancels the body when aborted', async () => {
    const src = source(['h\n', '1\n', '2\n']);
    const ctl = new AbortController();
    await expect(
      readWithProgress(src, (p) => {
        if (p.rows >= 1) ctl.abort();
      }, { signal: ctl.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(src.cancelled).toBe(true);
  });

  it('reads a body-less response at once', async () => {
    const seen: StreamProgress[] = [];
    const src: StreamSource = { headers: { get: () => null }, body: null, arrayBuffer: async () => enc.encode('h\n1\n').buffer as ArrayBuffer };
    const blob = await readWithProgress(src, (p) => seen.push(p), { type: 'text/csv' });
    expect(blob.size).toBe(4);
    expect(seen[seen.length - 1].rows).toBe(1);
  });
});

describe('totalOf and exportFileName', () => {
  it('reads X-Total-Count and ignores junk', () => {
    expect(totalOf({ headers: { get: () => '42' }, body: null })).toBe(42);
    expect(totalOf({ headers: { get: () => 'many' }, body: null })).toBeNull();
    expect(totalOf({ headers: { get: () => null }, body: null })).toBeNull();
  });
  it('names the file after the local date and time', () => {
    expect(exportFileName('customers', new Date(2024, 5, 1, 9, 5))).toBe('customers-20240601-0905.csv');
  });
});
