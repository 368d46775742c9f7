// Sign in, the dashboard, switching the language, 404 and the login redirect.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, noUsers, shot, signIn, USERS, field } from './helpers.mjs';

describe('sign-in and shell', { skip: noUsers }, () => {
  let browser;
  before(async () => (browser = await launch()));
  after(async () => browser?.close());

  it('redirects to the login page and back to the target after signing in', async () => {
    const page = await newPage(browser);
    await page.goto(`${BASE}/customers`);
    await page.waitForURL(/\/login\?redirect=/);
    await shot(page, '01-login');
    await field(page, 'login-username').fill(USERS.admin.username);
    await field(page, 'login-password').fill('wrong-password');
    await page.click('[data-test="login-submit"]');
    await page.waitForSelector('[data-test="login-error"]');
    await field(page, 'login-password').fill(USERS.admin.password);
    await page.click('[data-test="login-submit"]');
    await page.waitForURL(`${BASE}/customers`);
    await page.waitForSelector('[data-test="server-table"]');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('shows the dashboard with its cards', async () => {
    const page = await newPage(browser);
    await signIn(page, 'admin');
    await page.waitForSelector('[data-test="card-customers"]');
    await page.waitForSelector('[data-test="echart"] canvas');
    await shot(page, '02-dashboard');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('switches the language to English and keeps it after a reload', async () => {
    const page = await newPage(browser);
    await signIn(page, 'admin');
    assert.match(await page.textContent('[data-test="side-menu"]'), /客户列表/);
    await page.click('[data-test="locale-switch"]');
    await page.click('[data-test="locale-en"]');
    await page.waitForFunction(() => document.querySelector('[data-test="side-menu"]')?.textContent?.includes('Customer list'));
    await page.reload();
    await page.waitForSelector('[data-test="side-menu"]');
    assert.match(await page.textContent('[data-test="side-menu"]'), /Customer list/);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await shot(page, '03-dashboard-en');
    await page.context().close();
  });

  it('shows a 404 page for an unknown path', async () => {
    const page = await newPage(browser);
    await signIn(page, 'admin');
    await page.goto(`${BASE}/no/such/page`);
    await page.waitForSelector('[data-test="not-found"]');
    await page.context().close();
  });
});
