// Small helpers of the sales screens.
import { ApiError, type Page } from '@/api/client';

/** A list route that is not there yet (404) reads as an empty page; `missing` is told. */
export async function emptyOn404<T>(p: Promise<Page<T>>, missing?: () => void): Promise<Page<T>> {
  try {
    const page = await p;
    return { ...page, next_cursor: page.next_cursor ?? ((page as { next_after?: unknown }).next_after != null ? String((page as { next_after?: unknown }).next_after) : null) };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      missing?.();
      return { items: [], next_cursor: null };
    }
    throw e;
  }
}

export const isNotFound = (e: unknown): boolean => e instanceof ApiError && e.status === 404;

/** Major units (yuan) typed in a form → minor units. */
export const toMinor = (major: number | null | undefined): number => Math.round((major ?? 0) * 100);
