// Reading a streamed download (the server's CSV exports) with progress: the body is read
// chunk by chunk, rows are counted as line feeds arrive, and the total comes from the
// X-Total-Count header the server sends before the first row.

export interface StreamProgress {
  /** Data rows received so far (line feeds after the header lines). */
  rows: number;
  bytes: number;
  /** Rows the server announced (X-Total-Count); null when it did not say. */
  total: number | null;
}

/** The parts of a fetch Response this needs (tests pass a stand-in). */
export interface StreamSource {
  headers: { get(name: string): string | null };
  body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel?(): Promise<void> } } | null;
  arrayBuffer?(): Promise<ArrayBuffer>;
}

export function totalOf(source: StreamSource): number | null {
  const raw = source.headers.get('x-total-count');
  if (raw === null || raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function countLineFeeds(chunk: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) n++;
  return n;
}

/**
 * Reads the whole body, calling `onProgress` after every chunk, and returns the bytes as a
 * Blob of `type`. `headerLines` line feeds are not counted as rows. Stops (and cancels the
 * body) when `signal` aborts, throwing an AbortError.
 */
export async function readWithProgress(
  source: StreamSource,
  onProgress: (p: StreamProgress) => void,
  opts: { headerLines?: number; type?: string; signal?: AbortSignal } = {},
): Promise<Blob> {
  const headerLines = opts.headerLines ?? 1;
  const type = opts.type ?? source.headers.get('content-type') ?? 'application/octet-stream';
  const total = totalOf(source);
  const parts: BlobPart[] = [];
  let bytes = 0;
  let lineFeeds = 0;
  const report = () => onProgress({ rows: Math.max(0, lineFeeds - headerLines), bytes, total });
  report();
  if (!source.body) {
    const buf = new Uint8Array(source.arrayBuffer ? await source.arrayBuffer() : new ArrayBuffer(0));
    parts.push(buf as Uint8Array<ArrayBuffer>);
    bytes = buf.length;
    lineFeeds = countLineFeeds(buf);
    report();
    return new Blob(parts, { type });
  }
  const reader = source.body.getReader();
  for (;;) {
    if (opts.signal?.aborted) {
      await reader.cancel?.().catch(() => undefined);
      throw new DOMException('The export was cancelled', 'AbortError');
    }
    const { done, value } = await reader.read();
    if (done) break;
    if (!value || value.length === 0) continue;
    parts.push(value as Uint8Array<ArrayBuffer>);
    bytes += value.length;
    lineFeeds += countLineFeeds(value);
    report();
  }
  return new Blob(parts, { type });
}

/** "customers-20240601-0930.csv": a file name with the local date and time. */
export function exportFileName(prefix: string, now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${prefix}-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}.csv`;
}
