// The one way the UI talks to the Guanxi API.
//
// - same-origin cookies (the gx_session cookie set by POST /api/v1/session);
// - X-CSRF-Token on every state-changing request (POST/PUT/PATCH/DELETE);
// - problem+json errors (RFC 9457) become ApiError with the field/line the server named;
// - 401 calls the unauthorized handler (the router sends the user to /login?redirect=...),
//   403 on a GET calls the forbidden handler (the 403 page) unless the caller handles it
//   (quiet403); a 403 on a write is only thrown (the caller shows the problem).
// - In development only (import.meta.env.DEV) an API key stored in localStorage
//   under `gx_dev_key` is sent as a bearer token, for servers without sessions yet.

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  field?: string; // JSON pointer of the offending body member, e.g. "/args/1/value"
  parameter?: string; // query or path parameter
  line?: number;
  column?: number;
  errors?: Array<{ field?: string; line?: number; message: string }>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
  /** The field (without the leading "/") the server blamed, when any. */
  get field(): string | undefined {
    const f = this.problem.field ?? this.problem.parameter;
    return f ? f.replace(/^\//, '') : undefined;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** Do not trigger the global 401 redirect (the session probe, the login form). */
  quiet401?: boolean;
  /** Do not trigger the global 403 page; the caller shows its own message. */
  quiet403?: boolean;
  signal?: AbortSignal;
  /** Return the raw Response (CSV downloads). */
  raw?: boolean;
}

type Handler = (status: number, problem: Problem) => void;

const state = {
  csrfToken: '' as string,
  onUnauthorized: null as Handler | null,
  onForbidden: null as Handler | null,
  fetchImpl: null as typeof fetch | null,
};

export function setCsrfToken(token: string): void {
  state.csrfToken = token;
}
export function csrfToken(): string {
  return state.csrfToken;
}
export function onUnauthorized(handler: Handler | null): void {
  state.onUnauthorized = handler;
}
export function onForbidden(handler: Handler | null): void {
  state.onForbidden = handler;
}
/** Tests replace fetch. */
export function setFetch(f: typeof fetch | null): void {
  state.fetchImpl = f;
}

export const DEV_KEY_STORAGE = 'gx_dev_key';
export function devApiKey(): string | null {
  if (!import.meta.env.DEV) return null;
  try {
    return localStorage.getItem(DEV_KEY_STORAGE);
  } catch {
    return null;
  }
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.append(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function toProblem(res: Response): Promise<Problem> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const doc = (await res.json()) as Partial<Problem>;
      return { ...doc, status: doc.status ?? res.status };
    } catch {
      /* fall through */
    }
  }
  let text = '';
  try {
    text = await res.text();
  } catch {
    /* ignore */
  }
  return { status: res.status, title: res.statusText, detail: text.slice(0, 300) || res.statusText };
}

export async function request<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && state.csrfToken) headers['X-CSRF-Token'] = state.csrfToken;
  const key = devApiKey();
  if (key) headers.Authorization = `Bearer ${key}`;

  const f = state.fetchImpl ?? fetch;
  let res: Response;
  try {
    res = await f(buildUrl(path, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, title: 'Network error', detail: String((e as Error)?.message ?? e) });
  }

  if (!res.ok) {
    const problem = await toProblem(res);
    if (res.status === 401 && !opts.quiet401) state.onUnauthorized?.(401, problem);
    if (res.status === 403 && !opts.quiet403 && method === 'GET') state.onForbidden?.(403, problem);
    throw new ApiError(problem);
  }
  if (opts.raw) return res as unknown as T;
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return (await res.text()) as unknown as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], o: RequestOptions = {}) =>
    request<T>(path, { ...o, method: 'GET', query }),
  post: <T>(path: string, body?: unknown, o: RequestOptions = {}) =>
    request<T>(path, { ...o, method: 'POST', body: body ?? {} }),
  put: <T>(path: string, body?: unknown, o: RequestOptions = {}) =>
    request<T>(path, { ...o, method: 'PUT', body: body ?? {} }),
  patch: <T>(path: string, body?: unknown, o: RequestOptions = {}) =>
    request<T>(path, { ...o, method: 'PATCH', body: body ?? {} }),
  del: <T>(path: string, o: RequestOptions = {}) => request<T>(path, { ...o, method: 'DELETE' }),
};

/** A page of a list route, whatever its paging style (next_cursor, next_after, total). */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
  total?: number | null;
}
