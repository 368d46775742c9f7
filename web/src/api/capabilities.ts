// What the running server offers, from its OpenAPI document (fetched once). Screens use it to
// hide actions whose route does not exist yet instead of failing on click.
import { api } from './client';

let doc: Promise<Record<string, Record<string, unknown>>> | null = null;

function paths(): Promise<Record<string, Record<string, unknown>>> {
  if (!doc) {
    doc = api
      .get<{ paths: Record<string, Record<string, unknown>> }>('/api/v1/openapi.json', undefined, { quiet401: true, quiet403: true })
      .then((d) => d.paths ?? {})
      .catch(() => ({}));
  }
  return doc;
}

/** Whether the server documents `method` on `path` (as written in openapi.json, e.g. "/api/v1/customers/{id}/reveal"). */
export async function hasRoute(path: string, method: 'get' | 'post' | 'put' | 'patch' | 'delete'): Promise<boolean> {
  const p = await paths();
  return !!p[path]?.[method];
}

export function resetCapabilities(): void {
  doc = null;
}
