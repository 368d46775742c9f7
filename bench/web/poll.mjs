// Waits until `expression`, evaluated in the page's main world over CDP, is truthy.
//
// Playwright's waitForSelector/waitForFunction first inject its selector engine into the page
// (a script of ~40 ms on the page's main thread during a cold load on this 2-core box), inside
// the very window the benchmarks measure; a plain Runtime.evaluate injects nothing.
export async function waitInPage(cdp, expression, { timeoutMs = 10000, everyMs = 20 } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await cdp.send('Runtime.evaluate', { expression, returnByValue: true });
    if (r.result?.value) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
