/**
 * Data → Webhooks in real Chromium: an admin adds an endpoint (a real receiver on loopback),
 * presses test, and sees the delivery in the log; in English and Chinese, axe-clean.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createStaffUser } from '../src/server/services/setup.service.ts';
import { startTestServer, type TestServer } from '../test/helpers/server.ts';
import { startReceiver, verifySignature } from '../test/helpers/webhook-receiver.ts';
import { axeViolations, launchBrowser } from './browser.ts';

const SHOTS = process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR}/webhooks` : 'docs/screenshots';
const EMAIL = 'ops.admin@example.com';
const PASSWORD = 'a long enough password';

const WORDS = {
  en: { url: 'URL', add: 'Add endpoint', test: (u: string) => `Send test: ${u}`, delivered: 'Delivered', testEvent: 'Test', secret: 'Signing secret' },
  'zh-CN': { url: '地址（URL）', add: '添加接收地址', test: (u: string) => `发送测试：${u}`, delivered: '已送达', testEvent: '测试', secret: '签名密钥' },
};

describe('webhooks in the dashboard (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const problems: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('pglite', { WEBHOOK_ALLOW_PRIVATE: '1' });
    await createStaffUser(server.tdb.db, { email: EMAIL, password: PASSWORD, role: 'admin' });
    receiver = await startReceiver();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await receiver?.close();
    await server?.close();
  });

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`adds an endpoint, sends a test and shows it in the log (${locale})`, async () => {
      const w = WORDS[locale];
      const ctx: BrowserContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
      await ctx.addInitScript((l) => localStorage.setItem('la-admin-locale', l), locale);
      const page: Page = await ctx.newPage();
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`console: ${m.text()}`);
      });
      await page.goto(`${server.base}/admin/`);
      await page.locator('input[type="email"]').fill(EMAIL);
      await page.locator('input[type="password"]').fill(PASSWORD);
      await page.locator('form button[type="submit"]').click();
      await page.locator('#page-title').waitFor();
      await page.goto(`${server.base}/admin/#/data`);
      const section = page.locator('[data-section="webhooks"]');
      await section.waitFor();

      const url = `${receiver.url}/${locale}`;
      await section.getByLabel(w.url).fill(url);
      await section.locator('select').selectOption('feishu');
      await section.getByRole('button', { name: w.add, exact: true }).click();
      const secretText = await section.locator('[data-webhook-secret] code').innerText();
      assert.match(secretText, /^whsec_/);

      const before = receiver.received.length;
      await section.getByRole('button', { name: w.test(url) }).click();
      const endpoint = section.locator('article.webhook', { hasText: url });
      const row = endpoint.locator('[data-delivery-log] tbody tr').first();
      await row.waitFor();
      const text = await row.innerText();
      assert.match(text, new RegExp(w.testEvent));
      assert.match(text, new RegExp(w.delivered));
      assert.match(text, /\b1\b/);
      assert.equal(receiver.received.length, before + 1);
      const got = receiver.received.at(-1)!;
      assert.equal(got.json.msg_type, 'text');
      assert.ok(verifySignature(secretText, got.headers['x-little-advisors-signature'] as string, got.body));

      await page.waitForLoadState('networkidle');
      const v = await axeViolations(page);
      assert.deepEqual(v.map((x) => `${x.id} (${x.impact}) ${x.help} — ${x.nodes.slice(0, 3).join(', ')}`), []);
      await endpoint.screenshot({ path: `${SHOTS}/admin-webhooks-${locale}.png` });
      assert.deepEqual(problems, []);
      await ctx.close();
    });
  }
});
