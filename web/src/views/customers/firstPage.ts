// The customer list's first page, requested with the navigation to /customers (route
// meta.preload): the request runs in parallel with the session probe and the page's chunks, and
// the list renders with its rows in the same pass as the rest of the page.
import { customersApi, type Customer } from '@/api/customers';
import type { Page } from '@/api/client';

/** The page size the list opens with (ServerTable's default). */
export const FIRST_PAGE_SIZE = 20;

let page: Page<Customer> | null = null;
let generation = 0;

/** Requests the unfiltered first page; a failure leaves the list to ask again and report it. */
export async function preloadFirstPage(): Promise<void> {
  const mine = ++generation;
  page = null;
  const p = await customersApi
    .list({ limit: FIRST_PAGE_SIZE }, undefined, { quiet401: true, quiet403: true })
    .catch(() => null);
  if (mine === generation) page = p;
}

/** The preloaded first page, handed out once (a later visit preloads again). */
export function takeFirstPage(): Page<Customer> | null {
  const p = page;
  page = null;
  return p;
}
