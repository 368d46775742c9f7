// Segments: the rule builder's live count equals the API's count; insights render.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiPost, BASE, launch, newPage, noUsers, shot, signIn, field } from './helpers.mjs';

describe('segments', { skip: noUsers }, () => {
  let browser;
  before(async () => (browser = await launch()));
  after(async () => browser?.close());

  it('builds a segment and sees the live count match the API', async () => {
    const page = await newPage(browser);
    await signIn(page, 'admin');
    await page.goto(`${BASE}/segments/new`);
    await field(page, 'segment-name').fill(`e2e 复购客户 ${Date.now()}`);
    await page.click('[data-test="add-condition"]');   // orders >= 1
    const value = page.locator('[data-test="cond-value"] input').first();
    await value.fill('3');
    await value.press('Tab');
    const expected = (await apiPost('/api/v1/segments/preview', { rule: 'orders >= 3' })).count;
    await page.waitForFunction(
      (n) => document.querySelector('[data-test="live-count-value"]')?.textContent?.replace(/,/g, '') === String(n),
      expected,
    );
    assert.match(await field(page, 'rule-text').inputValue(), /orders >= 3/);
    await shot(page, '07-segment-builder');
    await page.click('[data-test="save-segment"]');
    await page.waitForURL(/\/segments\/\d+$/);
    await page.context().close();
  });

  it('shows the segment list and the RFM / ABC / lifecycle insights', async () => {
    const page = await newPage(browser);
    await signIn(page, 'admin');
    await page.goto(`${BASE}/segments`);
    await page.waitForSelector('.el-table__row');
    await shot(page, '08-segments');
    await page.goto(`${BASE}/insights`);
    await page.waitForSelector('[data-test="rfm-group"]');
    await page.waitForSelector('[data-test="echart"] canvas');
    await shot(page, '09-insights-rfm');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
