#!/usr/bin/env node
// First load of the customer list in headless Chromium against a running `guanxi serve`
// (bench/web/run.sh starts it). Signs in once, then navigates to /customers RUNS times cold
// (a fresh browser context each time: empty HTTP cache, the session cookie only) and RUNS times
// warm (one context whose cache a first, unmeasured load filled), and reports per load:
//
//   fcp        first-contentful-paint (Paint Timing), ms from navigation start
//   rows       the first page of rows in the table's DOM: a MutationObserver installed before
//              any page script (an init script over CDP, so the CSP's no-inline-script rule holds)
//              notes performance.now() when `[data-test="server-table"] .el-table__body tr` appears
//   painted    the first page of rows on screen, the headline: first-contentful-paint when the
//              rows were in the DOM before it (the page's first paint shows them: FCP is that
//              frame's presentation time), else the end of the first frame rendered after the rows
//              entered the DOM (a requestAnimationFrame callback, then a task posted from it, which
//              runs once that frame's style, layout and paint are done; a lower bound, as it does
//              not include the frame's presentation)
//   api        the GET /api/v1/customers of the first page as the browser saw it (Resource Timing:
//              startTime to responseEnd) and its server part (requestStart to responseStart)
//   js/css     bytes transferred for scripts and style sheets (transferSize: encoded body + headers,
//              0 when served from the cache) and their encoded and decoded body sizes
//
// Env: GX_BASE_URL, GX_USERNAME, GX_PASSWORD (required); BENCH_WEB_RUNS (10); CHROMIUM
// (/usr/bin/chromium); BENCH_WEB_JSON (a file to write every sample to).
// Prints a Markdown table (p50 / p95 over the runs) on stdout.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitInPage } from './poll.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(resolve(ROOT, 'web/package.json'));
const { chromium } = require('playwright-core');

const BASE = process.env.GX_BASE_URL;
const USERNAME = process.env.GX_USERNAME;
const PASSWORD = process.env.GX_PASSWORD;
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 10);
const ROW = '[data-test="server-table"] .el-table__body tr';
if (!BASE || !USERNAME || !PASSWORD) {
  console.error('first_load: GX_BASE_URL, GX_USERNAME and GX_PASSWORD are required');
  process.exit(2);
}
const log = (...a) => console.error('[web bench]', ...a);

// Runs before any script of the page: records when the first table row is in the DOM.
function markFirstRow(selector) {
  const check = () => {
    if (window.__gxRowsAt === undefined && document.querySelector(selector)) {
      window.__gxRowsAt = performance.now();
      performance.mark('gx-rows-rendered');
      requestAnimationFrame(() => {
        const done = new MessageChannel();
        done.port1.onmessage = () => {
          window.__gxRowsPaintedAt = performance.now();
        };
        done.port2.postMessage(null);
      });
      return true;
    }
    return false;
  };
  new MutationObserver((_, obs) => {
    if (check()) obs.disconnect();
  }).observe(document, { childList: true, subtree: true });
}

async function signIn(browser) {
  const context = await browser.newContext();
  const r = await context.request.post(`${BASE}/api/v1/session`, {
    data: { username: USERNAME, password: PASSWORD },
  });
  if (!r.ok()) throw new Error(`sign-in failed: HTTP ${r.status()} ${await r.text()}`);
  const state = await context.storageState();
  await context.close();
  return state;
}

// One navigation to /customers on a new page of `context`; the sample of that load.
// With `disableCache`, the page's HTTP cache is switched off over CDP before it navigates.
async function loadOnce(context, { disableCache = false } = {}) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (disableCache) {
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  }
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${BASE}/customers`, { waitUntil: 'commit' });
  // Polled over CDP, not with page.waitFor*: those inject Playwright's script into the page
  // while it loads (poll.mjs). Paint entries are queued asynchronously: wait until FCP is known.
  await waitInPage(
    cdp,
    "window.__gxRowsPaintedAt !== undefined && performance.getEntriesByName('first-contentful-paint').length > 0",
    { timeoutMs: 60000 },
  );
  const sample = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource');
    const isApiList = (e) => new URL(e.name).pathname === '/api/v1/customers';
    const api = res.find(isApiList);
    const sum = (pred, key) => res.filter(pred).reduce((a, e) => a + (e[key] ?? 0), 0);
    const isJs = (e) => e.initiatorType === 'script' || /\.m?js(\?|$)/.test(e.name);
    const isCss = (e) => /\.css(\?|$)/.test(e.name) || (e.initiatorType === 'link' && /\.css/.test(e.name));
    return {
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      rows: window.__gxRowsAt ?? null,
      painted: (() => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
        const rows = window.__gxRowsAt;
        if (fcp !== undefined && rows !== undefined && rows <= fcp) return fcp;
        return window.__gxRowsPaintedAt ?? null;
      })(),
      dom_content_loaded: nav?.domContentLoadedEventEnd ?? null,
      html_bytes: nav?.transferSize ?? null,
      api_url: api ? new URL(api.name).pathname + new URL(api.name).search : null,
      api_start: api?.startTime ?? null,
      api_ms: api ? api.responseEnd - api.startTime : null,
      api_server_ms: api ? api.responseStart - api.requestStart : null,
      api_bytes: api?.encodedBodySize ?? null,
      js_transfer: sum(isJs, 'transferSize'),
      js_encoded: sum(isJs, 'encodedBodySize'),
      js_decoded: sum(isJs, 'decodedBodySize'),
      css_transfer: sum(isCss, 'transferSize'),
      css_encoded: sum(isCss, 'encodedBodySize'),
      css_decoded: sum(isCss, 'decodedBodySize'),
      api_calls: res
        .filter((e) => new URL(e.name).pathname.startsWith('/api/'))
        .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime, ms: e.responseEnd - e.startTime })),
      js_files: res.filter(isJs).length,
      css_files: res.filter(isCss).length,
      requests: res.length + 1,
    };
  });
  sample.errors = errors;
  await page.close();
  return sample;
}

function quantile(values, q) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const i = Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1));
  return v[i];
}
const ms = (x) => (x === null ? 'n/a' : `${Math.round(x)}`);
const kb = (x) => (x === null ? 'n/a' : `${(x / 1024).toFixed(1)}`);

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  try {
    const storageState = await signIn(browser);
    const contextOptions = { storageState, viewport: { width: 1440, height: 900 }, locale: 'zh-CN' };
    const samples = { cold: [], warm: [] };

    // Cold: a fresh context per load (its HTTP cache starts empty), the cache also disabled.
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext(contextOptions);
      await context.addInitScript(markFirstRow, ROW);
      const s = await loadOnce(context, { disableCache: true });
      samples.cold.push(s);
      log(`cold ${i + 1}/${RUNS}: fcp ${ms(s.fcp)} ms, rows ${ms(s.rows)} ms, painted ${ms(s.painted)} ms, api ${ms(s.api_ms)} ms, js ${kb(s.js_transfer)} KiB`);
      await context.close();
    }

    // Warm: one context; a first load fills its cache, then RUNS measured loads (new page each).
    const context = await browser.newContext(contextOptions);
    await context.addInitScript(markFirstRow, ROW);
    await loadOnce(context);
    for (let i = 0; i < RUNS; i++) {
      const s = await loadOnce(context);
      samples.warm.push(s);
      log(`warm ${i + 1}/${RUNS}: fcp ${ms(s.fcp)} ms, rows ${ms(s.rows)} ms, painted ${ms(s.painted)} ms, api ${ms(s.api_ms)} ms, js ${kb(s.js_transfer)} KiB`);
    }
    await context.close();

    if (process.env.BENCH_WEB_JSON) writeFileSync(process.env.BENCH_WEB_JSON, JSON.stringify(samples, null, 2));
    const errors = [...samples.cold, ...samples.warm].flatMap((s) => s.errors);
    if (errors.length) log(`page errors: ${[...new Set(errors)].join(' | ')}`);

    const row = (label, key, fmt, unit) => {
      const c = samples.cold.map((s) => s[key]);
      const w = samples.warm.map((s) => s[key]);
      return `| ${label} | ${fmt(quantile(c, 0.5))} / ${fmt(quantile(c, 0.95))} ${unit} | ${fmt(quantile(w, 0.5))} / ${fmt(quantile(w, 0.95))} ${unit} |`;
    };
    const first = samples.cold[0];
    // Every API call of the page, by path: when it was issued and how long it took (cold p50).
    const calls = new Map();
    for (const s of samples.cold) {
      for (const c of s.api_calls) {
        if (!calls.has(c.path)) calls.set(c.path, { start: [], ms: [] });
        calls.get(c.path).start.push(c.start);
        calls.get(c.path).ms.push(c.ms);
      }
    }
    const callLines = [...calls.entries()]
      .sort((a, b) => quantile(a[1].start, 0.5) - quantile(b[1].start, 0.5))
      .map(([path, v]) => `| \`${path}\` | ${ms(quantile(v.start, 0.5))} ms | ${ms(quantile(v.ms, 0.5))} / ${ms(quantile(v.ms, 0.95))} ms |`);
    const lines = [
      `| first load of /customers, ${RUNS} runs each (p50 / p95) | cold (empty cache) | warm (cached assets) |`,
      '|---|---|---|',
      row('first contentful paint', 'fcp', ms, 'ms'),
      row('first page of rows in the DOM', 'rows', ms, 'ms'),
      row('**first page of rows painted**', 'painted', ms, 'ms'),
      row('`GET /api/v1/customers` (first page) in the browser', 'api_ms', ms, 'ms'),
      row('of which server (request sent → first byte)', 'api_server_ms', ms, 'ms'),
      row('`GET /api/v1/customers` issued at', 'api_start', ms, 'ms'),
      row('JS transferred', 'js_transfer', kb, 'KiB'),
      row('JS decoded (uncompressed)', 'js_decoded', kb, 'KiB'),
      row('CSS transferred', 'css_transfer', kb, 'KiB'),
      row('CSS decoded (uncompressed)', 'css_decoded', kb, 'KiB'),
      row('index.html transferred', 'html_bytes', kb, 'KiB'),
      '',
      `Requests per cold load: ${first.requests} (${first.js_files} JS, ${first.css_files} CSS); ` +
        `the list's API call: \`${first.api_url}\` (${kb(first.api_bytes)} KiB).`,
      '',
      '| API calls of a cold load | issued at (p50) | took (p50 / p95) |',
      '|---|---|---|',
      ...callLines,
    ];
    console.log(lines.join('\n'));
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
