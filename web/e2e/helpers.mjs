// Shared helpers of the e2e specs (run by scripts/e2e.mjs, which sets the GX_* variables).
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const BASE = process.env.GX_BASE_URL ?? 'http://127.0.0.1:8080';
export const API_KEY = process.env.GX_API_KEY ?? '';
export const USERS = JSON.parse(process.env.GX_USERS ?? '{}');
const SHOTS = process.env.GX_SCREENSHOTS ?? 'test-results/screenshots';

/** A reason to skip specs that need signed-in users, or false. */
export const noUsers = USERS.admin ? false : 'no users could be created (needs POST /api/v1/users or `guanxi user create`)';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** A fresh context (own cookies) with a page; errors on the page are collected. */
export async function newPage(browser, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) page.errors.push(m.text());
  });
  page.setDefaultTimeout(15000);
  return page;
}

/**
 * Signs `who` in. The first time through the login form; later (in any spec file) by reusing
 * that session's cookie, to stay under the server's sign-in rate limit (10 per user per 5 min).
 */
export async function signIn(page, who = 'admin', { viaForm = false } = {}) {
  const u = USERS[who];
  if (!u) throw new Error(`no user ${who}`);
  const stateFile = join(SHOTS, '..', `.session-${who}.json`);
  if (!viaForm && existsSync(stateFile)) {
    await page.context().addCookies(JSON.parse(readFileSync(stateFile, 'utf8')));
    await page.goto(`${BASE}/`);
    await page.waitForSelector('[data-test="side-menu"]');
    return;
  }
  await page.goto(`${BASE}/login`);
  await field(page, 'login-username').fill(u.username);
  await field(page, 'login-password').fill(u.password);
  await page.click('[data-test="login-submit"]');
  await page.waitForSelector('[data-test="side-menu"]');
  writeFileSync(stateFile, JSON.stringify(await page.context().cookies()));
}

export async function shot(page, name) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** The text box of an Element Plus input carrying data-test (attrs land on the <input> itself). */
export function field(page, id) {
  return page
    .locator(`input[data-test="${id}"], textarea[data-test="${id}"], [data-test="${id}"] input, [data-test="${id}"] textarea`)
    .first();
}

/** Calls the API with the admin key (the source of truth the UI is compared with). */
export async function apiGet(path) {
  const r = await fetch(`${BASE}${path}`, { headers: { Authorization: `Bearer ${API_KEY}` } });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}
export async function apiPost(path, body) {
  const r = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status} ${await r.text()}`);
  return r.json();
}

/** A customer with a phone identity (raw, as the admin key sees it). */
export async function customerWithPhone() {
  for (let id = 1; id < 200; id++) {
    const c = await apiGet(`/api/v1/customers/${id}`).catch(() => null);
    const phone = c?.identities?.find((i) => i.type === 'phone')?.value;
    if (phone && c.profile.id === id) return { id, phone, name: c.profile.name };
  }
  throw new Error('no customer with a phone in the demo shop');
}
