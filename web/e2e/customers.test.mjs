// Customers: search by phone, the 360 (with its intelligence card), a note; PII masking by
// role; the tier filter (server-side) and the streamed, audited CSV export with progress.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { apiGet, BASE, customerWithPhone, launch, newPage, noUsers, shot, signIn, USERS, field } from './helpers.mjs';

/** The customer ids in the table's rows, in order. */
async function tableIds(page) {
  return page.$$eval('[data-test="server-table"] .el-table__body tr', (rows) =>
    rows.map((r) => Number(r.querySelector('td:nth-child(2)')?.textContent?.trim())).filter((n) => Number.isInteger(n) && n > 0),
  );
}

describe('customers', { skip: noUsers }, () => {
  let browser;
  let target;
  before(async () => {
    browser = await launch();
    target = await customerWithPhone();
  });
  after(async () => browser?.close());

  /** A tier some demo customer holds (undefined when none has one). */
  async function someTier() {
    const dist = await apiGet('/api/v1/tiers/distribution');
    return dist.items.map((x) => x.tier).find(Boolean);
  }

  /** The admin's customer list, filtered by `tier` in the toolbar. */
  async function customersOfTier(tier) {
    const page = await newPage(browser);
    await signIn(page, 'admin');
    await page.goto(`${BASE}/customers`);
    await page.waitForSelector('[data-test="server-table"]');
    await page.click('[data-test="filter-tier"]');
    await page.click(`.el-select-dropdown__item:visible >> text="${tier}"`);
    return page;
  }

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
    // The intelligence card shows the engine's models, as the API gives them.
    const c360 = await apiGet(`/api/v1/customers/${target.id}`);
    if (c360.intelligence) {
      await page.waitForSelector('[data-test="intelligence-card"]');
      if (c360.intelligence.rfm) {
        const rfm = (await page.textContent('[data-test="intel-rfm"]')).replace(/\s+/g, '');
        assert.equal(rfm, `R${c360.intelligence.rfm.r}F${c360.intelligence.rfm.f}M${c360.intelligence.rfm.m}`);
      }
    }
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

  it('filters by tier on the server', async (t) => {
    const tier = await someTier();
    if (!tier) return t.skip('the demo shop has no tiers');
    const expected = await apiGet(`/api/v1/customers?tier=${encodeURIComponent(tier)}&limit=20`);
    const page = await customersOfTier(tier);
    const want = expected.items.map((c) => c.id);
    await page.waitForFunction(
      (ids) => {
        const cells = [...document.querySelectorAll('[data-test="server-table"] .el-table__body tr td:nth-child(2)')];
        const got = cells.map((td) => Number(td.textContent?.trim()));
        return ids.length > 0 && ids.every((id, i) => got[i] === id);
      },
      want,
    );
    const ids = await tableIds(page);
    assert.deepEqual(ids.slice(0, want.length), want);
    // Every row shown holds the tier (the API's page and the table agree).
    assert.ok(expected.items.every((c) => c.tier === tier));
    await shot(page, '06b-customers-tier-filter');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('exports the filtered customers as a streamed CSV with progress, audited', async (t) => {
    const tier = await someTier();
    if (!tier) return t.skip('the demo shop has no tiers');
    const expected = await apiGet(`/api/v1/customers?tier=${encodeURIComponent(tier)}&limit=1`);
    const page = await customersOfTier(tier);
    await page.waitForFunction((id) => {
      const first = document.querySelector('[data-test="server-table"] .el-table__body tr td:nth-child(2)');
      return Number(first?.textContent?.trim()) === id;
    }, expected.items[0].id);
    const download = page.waitForEvent('download');
    await page.click('[data-test="export"]');
    await page.waitForSelector('[data-test="progress-dialog"] .el-progress.is-success');
    const file = await download;
    assert.match(file.suggestedFilename(), /^customers-\d{8}-\d{4}\.csv$/);
    const text = readFileSync(await file.path(), 'utf8');
    assert.ok(text.startsWith('\ufeff'), 'a byte order mark for Excel');
    const lines = text.split('\r\n').filter(Boolean);
    assert.match(lines[0], /^\ufeffID,姓名,手机,邮箱/);  // the zh-CN UI asks for Chinese headers
    assert.equal(lines.length - 1, expected.total, 'one row per customer of the tier');
    await shot(page, '06c-customers-export-progress');
    const audit = await apiGet('/api/v1/audit?action=export&limit=5');
    const entry = audit.items.find((e) => e.object_type === 'customers' && e.detail?.filters?.tier === tier);
    assert.ok(entry, 'the export is in the audit log');
    assert.equal(entry.detail.rows, expected.total);
    assert.equal(entry.detail.pii, true);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
