// Customers: search by phone, the 360, a note; PII masking by role.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiGet, BASE, customerWithPhone, launch, newPage, noUsers, shot, signIn, USERS, field } from './helpers.mjs';

describe('customers', { skip: noUsers }, () => {
  let browser;
  let target;
  before(async () => {
    browser = await launch();
    target = await customerWithPhone();
  });
  after(async () => browser?.close());

  it('searches a customer by phone and opens the 360', async () => {
    const page = await newPage(browser);
    await signIn(page, 'admin');
    await page.goto(`${BASE}/customers`);
    await page.waitForSelector('[data-test="server-table"]');
    await shot(page, '04-customers');
    const digits = target.phone.replace(/^\+86/, '');
    await field(page, 'customer-search').fill(digits);
    await page.waitForFunction((id) => {
      const rows = document.querySelectorAll('[data-test="server-table"] .el-table__body tr');
      return rows.length >= 1 && [...rows].some((r) => r.textContent?.includes(String(id)));
    }, target.id);
    await page.click(`[data-test="customer-link"] >> text=${target.name}`);
    await page.waitForURL(`${BASE}/customers/${target.id}`);
    await page.waitForSelector('[data-test="profile-card"]');
    assert.equal((await page.textContent('[data-test="identity-phone"]')).trim(), target.phone);
    await shot(page, '05-customer-360');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('adds a note to the customer', async () => {
    const page = await newPage(browser);
    await signIn(page, 'admin');
    await page.goto(`${BASE}/customers/${target.id}`);
    const text = `e2e 回访记录 ${Date.now()}`;
    await field(page, 'note-input').fill(text);
    await page.click('[data-test="note-submit"]');
    await page.waitForSelector(`[data-test="note"] >> text=${text}`);
    await page.context().close();
  });

  it('a CSR sees masked phones and an admin does not', { skip: USERS.csr ? false : 'no csr user' }, async () => {
    const page = await newPage(browser);
    await signIn(page, 'csr');
    await page.goto(`${BASE}/customers/${target.id}`);
    await page.waitForSelector('[data-test="identity-phone"]');
    const masked = (await page.textContent('[data-test="identity-phone"]')).trim();
    assert.match(masked, /\*{4}/, `expected a masked phone, got ${masked}`);
    assert.notEqual(masked, target.phone);
    await shot(page, '06-customer-360-csr-masked');
    // Revealing is allowed (customers.read) and audited.
    await page.click('[data-test="reveal-pii"]');
    await page.waitForFunction((p) => document.querySelector('[data-test="identity-phone"]')?.textContent?.trim() === p, target.phone);
    const audit = await apiGet('/api/v1/audit?action=pii.reveal');
    assert.ok(audit.items.some((e) => e.object_id === String(target.id)), 'the reveal is in the audit log');
    await page.context().close();
    // The admin's view of the same customer is in the previous spec: the full number.
  });
});
