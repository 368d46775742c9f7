import { ElMessage } from 'element-plus';
import { ApiError } from './client';
import { i18n } from '@/locales';

/** Shows an API error as a toast (problem detail, with the field and line when named). */
export function showError(e: unknown): void {
  if (e instanceof DOMException && e.name === 'AbortError') return;
  const t = i18n.global.t;
  if (e instanceof ApiError) {
    if (e.status === 401) return; // the router takes the user to /login
    const p = e.problem;
    let msg = p.detail || p.title || t('error.generic');
    const where = e.field ? `${e.field}` : '';
    if (where) msg = `${where}: ${msg}`;
    if (p.line) msg += ` (${t('error.line', { line: p.line, column: p.column ?? 1 })})`;
    if (e.status === 0) msg = t('error.network');
    ElMessage.error({ message: msg, grouping: true, showClose: true });
    return;
  }
  ElMessage.error({ message: String((e as Error)?.message ?? e), grouping: true });
}

/** Maps a problem's field to form item errors: { fieldName: message }. */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  const msg = e.problem.detail || e.problem.title || '';
  if (e.field) out[e.field.split('/')[0]] = msg;
  for (const x of e.problem.errors ?? []) {
    if (x.field) out[x.field.replace(/^\//, '').split('/')[0]] = x.message;
  }
  return out;
}
