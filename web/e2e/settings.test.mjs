// Settings screens (admin) and the 403 page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { API_KEY, apiPost, BASE, launch, newPage, noUsers, shot, signIn, USERS } from './helpers.mjs';

describe('settings and permissions', { skip: noUsers }, () => {
  let browser;
  before(async () => (browser = await launch()));
  after(async () => browser?.close());

  it('an admin sees users, roles, API keys and the audit log', async () => {
    const page = await newPage(browser);
    await signIn(page, 'admin');
    await page.goto(`${BASE}/settings/users`);
    await page.waitForSelector('[data-test="users-table"] .el-table__row');
    await shot(page, '10-settings-users');
    await page.goto(`${BASE}/settings/roles`);
    await page.waitForSelector('[data-test="role-matrix"]');
    await shot(page, '11-settings-roles');
    await page.goto(`${BASE}/settings/audit`);
    await page.waitForSelector('[data-test="server-table"]');
    await shot(page, '12-settings-audit');
    await page.goto(`${BASE}/settings/apikeys`);
    await page.waitForSelector('.el-table__row');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('a CSR gets the 403 page for the users screen and has no such menu entry', { skip: USERS.csr ? false : 'no csr user' }, async () => {
    const page = await newPage(browser);
    await signIn(page, 'csr');
    assert.equal(await page.locator('[data-test="menu-settings-users"]').count(), 0);
    await page.goto(`${BASE}/settings/users`);
    await page.waitForSelector('[data-test="forbidden"]');
    await shot(page, '13-forbidden');
    await page.context().close();
  });

  it('a sales rep cannot open another rep\'s account (403 page)', { skip: USERS.sales1 && USERS.sales2 ? false : 'no sales users' }, async (t) => {
    const probe = await fetch(`${BASE}/api/v1/accounts?limit=1`, { headers: { Authorization: `Bearer ${API_KEY}` } });
    if (probe.status === 404) return t.skip('the server has no /api/v1/accounts yet');
    const account = await apiPost('/api/v1/accounts', { name: `e2e 华东贸易 ${Date.now()}`, owner_user_id: USERS.sales2.id });
    const page = await newPage(browser);
    await signIn(page, 'sales1');
    await page.goto(`${BASE}/sales/accounts/${account.id}`);
    await page.waitForSelector('[data-test="forbidden"]');
    await shot(page, '14-forbidden-account');
    await page.context().close();
  });
});
