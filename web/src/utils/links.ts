// Plain links that the app follows itself, for long lists where a RouterLink per row (a component
// that resolves its route) is measurable at first render.

/** The address of a customer's 360 page (the `customer` route: /customers/:id). */
export function customerHref(id: number | string): string {
  return `/customers/${encodeURIComponent(String(id))}`;
}

/**
 * Click handler of a plain `<a href>`: a left click without a modifier key navigates inside the
 * app (`go`) instead of loading the page; any other click (new tab, new window, download) keeps
 * the browser's behaviour. The same rule as RouterLink's.
 */
export function followLink(e: MouseEvent, go: () => void): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.altKey || e.ctrlKey || e.shiftKey) return;
  e.preventDefault();
  go();
}
