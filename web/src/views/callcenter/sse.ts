// The agent's screen-pop stream. Browsers use EventSource (same-origin session cookie);
// in development with a bearer API key (no cookie), a fetch()-based reader sends the key.
import { devApiKey } from '@/api/client';

export interface SseMessage { event: string; data: string }

/** Splits a text buffer into complete SSE messages; returns the unfinished rest. */
export function parseSse(buffer: string): { messages: SseMessage[]; rest: string } {
  const messages: SseMessage[] = [];
  const norm = buffer.replace(/\r\n/g, '\n');
  const blocks = norm.split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) messages.push({ event, data: data.join('\n') });
  }
  return { messages, rest };
}

export type StreamState = 'connecting' | 'open' | 'error' | 'closed';
export interface StreamHandle { close(): void }
const EVENTS = ['hello', 'screen_pop', 'call_ended', 'agent_state'];

export function openStream(url: string, onMessage: (type: string, data: unknown) => void, onState: (s: StreamState) => void): StreamHandle {
  const deliver = (type: string, raw: string) => {
    try {
      onMessage(type, JSON.parse(raw));
    } catch {
      onMessage(type, raw);
    }
  };
  const key = devApiKey();
  if (!key && typeof EventSource !== 'undefined') {
    onState('connecting');
    const es = new EventSource(url, { withCredentials: true });
    es.onopen = () => onState('open');
    es.onerror = () => onState(es.readyState === EventSource.CLOSED ? 'closed' : 'error');
    for (const ev of EVENTS) es.addEventListener(ev, (e) => deliver(ev, (e as MessageEvent).data as string));
    return { close: () => { es.close(); onState('closed'); } };
  }
  // fetch-based reader (dev key), reconnecting after 3 s like EventSource.
  let stopped = false;
  let controller: AbortController | null = null;
  const run = async (): Promise<void> => {
    while (!stopped) {
      controller = new AbortController();
      onState('connecting');
      try {
        const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...(key ? { Authorization: `Bearer ${key}` } : {}) }, credentials: 'same-origin', signal: controller.signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onState('open');
        const reader = res.body.getReader();
        const dec = new TextDecoder();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          const { messages, rest } = parseSse(buf);
          buf = rest;
          for (const m of messages) deliver(m.event, m.data);
        }
      } catch {
        if (stopped) break;
      }
      if (stopped) break;
      onState('error');
      await new Promise((r) => setTimeout(r, 3000));
    }
  };
  void run();
  return { close: () => { stopped = true; controller?.abort(); onState('closed'); } };
}
