import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, buildUrl, onForbidden, onUnauthorized, setCsrfToken, setFetch } from '@/api/client';

function respond(status: number, body: unknown, type = 'application/json') {
  return vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': type } }));
}

afterEach(() => {
  setFetch(null);
  setCsrfToken('');
  onUnauthorized(null);
  onForbidden(null);
});

describe('api client', () => {
  it('sends the CSRF token on state-changing requests only, with same-origin credentials', async () => {
    const f = respond(200, { ok: true });
    setFetch(f as unknown as typeof fetch);
    setCsrfToken('tok123');
    await api.get('/api/v1/customers', { q: '张', limit: 5, tag: undefined });
    await api.post('/api/v1/customers/1/notes', { summary: 'hi' });
    await api.del('/api/v1/notes/3');
    const [getUrl, getInit] = f.mock.calls[0] as unknown as [string, RequestInit];
    expect(getUrl).toBe('/api/v1/customers?q=%E5%BC%A0&limit=5');
    expect((getInit.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
    expect(getInit.credentials).toBe('same-origin');
    const [, postInit] = f.mock.calls[1] as unknown as [string, RequestInit];
    expect((postInit.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok123');
    expect((postInit.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(postInit.body).toBe(JSON.stringify({ summary: 'hi' }));
    const [, delInit] = f.mock.calls[2] as unknown as [string, RequestInit];
    expect(delInit.method).toBe('DELETE');
    expect((delInit.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok123');
  });

  it('turns problem+json into an ApiError with the field', async () => {
    setFetch(respond(400, { type: 'urn:guanxi:problem:invalid_argument', title: 'Invalid argument', status: 400, detail: 'must be a number', field: '/args/1/value', line: 2, column: 5 }, 'application/problem+json') as unknown as typeof fetch);
    const e = (await api.post("/api/v1/segments/preview", {}).catch((x: unknown) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.field).toBe('args/1/value');
    expect(e.problem.line).toBe(2);
    expect(e.message).toBe('must be a number');
  });

  it('calls the 401 hook (sign in again) unless quiet', async () => {
    const hook = vi.fn();
    onUnauthorized(hook);
    setFetch(respond(401, { status: 401, title: 'Unauthenticated' }, 'application/problem+json') as unknown as typeof fetch);
    await expect(api.get('/api/v1/customers')).rejects.toBeInstanceOf(ApiError);
    expect(hook).toHaveBeenCalledTimes(1);
    await expect(api.get('/api/v1/session', undefined, { quiet401: true })).rejects.toBeInstanceOf(ApiError);
    expect(hook).toHaveBeenCalledTimes(1);
  });

  it('calls the 403 hook for a GET, not for a write or a quiet call', async () => {
    const hook = vi.fn();
    onForbidden(hook);
    setFetch(respond(403, { status: 403, title: 'Permission denied' }, 'application/problem+json') as unknown as typeof fetch);
    await expect(api.get('/api/v1/accounts/9')).rejects.toMatchObject({ status: 403 });
    await expect(api.post('/api/v1/accounts', {})).rejects.toMatchObject({ status: 403 });
    await expect(api.get('/api/v1/tickets', undefined, { quiet403: true })).rejects.toMatchObject({ status: 403 });
    expect(hook).toHaveBeenCalledTimes(1);
  });

  it('reports a network failure as status 0', async () => {
    setFetch(vi.fn(async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch);
    await expect(api.get('/x')).rejects.toMatchObject({ status: 0 });
  });

  it('handles 204 and non-JSON bodies', async () => {
    setFetch(vi.fn(async () => new Response(null, { status: 204 })) as unknown as typeof fetch);
    await expect(api.del('/api/v1/session')).resolves.toBeUndefined();
  });

  it('builds query strings without empty values', () => {
    expect(buildUrl('/a', { x: '', y: null, z: 0, w: false })).toBe('/a?z=0&w=false');
    expect(buildUrl('/a?b=1', { c: 2 })).toBe('/a?b=1&c=2');
  });
});
