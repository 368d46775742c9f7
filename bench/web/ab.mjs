#!/usr/bin/env node
// Interleaved A/B of the customer list's first load: two (or more) running `guanxi serve`s,
// each serving one build of web/ (--web-root), loaded cold in turn (A, B, A, B, …) so that the
// box's slow and fast spells fall on every side alike. Differences of ~40 ms show with 30 loads
// per side; a one-sided run of bench/web/run.sh minutes apart varies more than that.
//
//   node bench/web/ab.mjs     with GX_BASES=http://127.0.0.1:18098,http://127.0.0.1:18099
//                             GX_USERNAME, GX_PASSWORD (a user of every server's database),
//                             BENCH_WEB_RUNS (20 per side), CHROMIUM (/usr/bin/chromium)
//
// Prints per server the median of: rows in the DOM, the first frame after them, first
// contentful paint, and the headline "rows painted" as first_load.mjs defines it.
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitInPage } from './poll.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(resolve(ROOT, 'web/package.json'));
const { chromium } = require('playwright-core');

const BASES = (process.env.GX_BASES ?? '').split(',').filter(Boolean);
const USERNAME = process.env.GX_USERNAME;
const PASSWORD = process.env.GX_PASSWORD;
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 20);
if (BASES.length < 2 || !USERNAME || !PASSWORD) {
  console.error('ab: GX_BASES (two or more, comma-separated), GX_USERNAME and GX_PASSWORD are required');
  process.exit(2);
}
const ROW = '[data-test="server-table"] .el-table__body tr';
// Before any page script: note when the rows enter the DOM, then the end of the next frame.
const INIT = `(() => { new MutationObserver((_, o) => {
  if (window.__rows === undefined && document.querySelector(${JSON.stringify(ROW)})) {
    window.__rows = performance.now(); o.disconnect();
    requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => { window.__frame = performance.now(); }; c.port2.postMessage(0); });
  } }).observe(document, { childList: true, subtree: true }); })()`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const states = [];
for (const base of BASES) {
  const ctx = await browser.newContext();
  const res = await ctx.request.post(`${base}/api/v1/session`, { data: { username: USERNAME, password: PASSWORD } });
  if (!res.ok()) throw new Error(`ab: sign-in at ${base} failed: ${res.status()}`);
  states.push(await ctx.storageState());
  await ctx.close();
}
const samples = BASES.map(() => []);
for (let i = 0; i < RUNS; i++) {
  for (let b = 0; b < BASES.length; b++) {
    const ctx = await browser.newContext({ storageState: states[b] });
    await ctx.addInitScript({ content: INIT });
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.goto(`${BASES[b]}/customers`);
    // Over CDP, not page.waitForFunction: that injects Playwright's script into the page (poll.mjs).
    await waitInPage(cdp, "window.__frame !== undefined && performance.getEntriesByName('first-contentful-paint').length > 0");
    const t = await page.evaluate(() => ({ rows: window.__rows, frame: window.__frame, fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime }));
    samples[b].push({ ...t, painted: t.fcp >= t.rows ? t.fcp : t.frame });
    await ctx.close();
  }
}
await browser.close();
const median = (list, key) => {
  const v = list.map((s) => s[key]).sort((x, y) => x - y);
  return v[Math.floor((v.length - 1) / 2)].toFixed(0);
};
for (let b = 0; b < BASES.length; b++) {
  const s = samples[b];
  console.log(`${BASES[b]}: ${s.length} cold loads, median ms: rows in DOM ${median(s, 'rows')}, next frame ${median(s, 'frame')}, FCP ${median(s, 'fcp')}, rows painted ${median(s, 'painted')}`);
}
