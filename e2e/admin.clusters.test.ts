/**
 * A stolen kiosk token floods near-identical ideas: the dashboard holds them back as one
 * cluster, a moderator rejects them all with one reason, and the kiosk shows as suspicious.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createStaffUser, issuePairingCode } from '../src/server/services/setup.service.ts';
import { HONEST_IDEAS } from '../test/helpers/idea-corpus.ts';
import { startTestServer, type TestServer } from '../test/helpers/server.ts';
import { pairWithCode, sendVisit, type Kiosk } from '../test/public.helpers.ts';
import { axeViolations, launchBrowser } from './browser.ts';

const SHOTS = `${process.env.SCREENSHOT_DIR || 'test-results'}/admin-clusters`;
const EMAIL = 'mod.lead@example.com';
const PASSWORD = 'a long enough password';
const FLOOD = Array.from({ length: 14 }, (_, i) =>
  ['后座要有一个小冰箱，放我的酸奶和很多很多的冰淇淋', '后座要有一个小冰箱放我的酸奶和很多很多的冰淇淋！', '后座要有一个小冰箱，放我的\u200b酸奶和很多很多的冰淇淋～'][i % 3]! + '。'.repeat(i % 4),
);

describe('flood clusters in the dashboard (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let kiosk: Kiosk;
  const problems: string[] = [];

  const settle = async () => {
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => !document.querySelector('.loading-line, .is-stale, [aria-busy="true"]'), undefined, { timeout: 10_000 });
  };
  const expectNoAxe = async (where: string) => {
    const v = await axeViolations(page);
    assert.deepEqual(v.map((x) => `${where}: ${x.id} (${x.impact}) ${x.help} — ${x.nodes.slice(0, 3).join(', ')}`), []);
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('pglite');
    await createStaffUser(server.tdb.db, { email: EMAIL, password: PASSWORD, role: 'admin' });
    kiosk = await pairWithCode(server.base, (await issuePairingCode(server.tdb.db, 'demo')).code);
    // A few honest ideas, then the flood, from the same kiosk.
    for (const text of HONEST_IDEAS.slice(0, 6)) await sendVisit(kiosk, { idea: { kind: 'text', text } });
    for (const text of FLOOD) await sendVisit(kiosk, { locale: 'zh-CN', idea: { kind: 'text', text } });
    browser = await launchBrowser();
    ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    await ctx.addInitScript(() => {
      if (!localStorage.getItem('la-admin-locale')) localStorage.setItem('la-admin-locale', 'en');
    });
    page = await ctx.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.goto(`${server.base}/admin/`);
    await page.getByLabel('E-mail').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#page-title').waitFor();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the flood as one held-back entry, rejects all of it with a reason, and flags the kiosk', async () => {
    // The kiosk list says why the kiosk is suspicious.
    await page.goto(`${server.base}/admin/#/showrooms`);
    const row = page.locator('tr[data-device]', { has: page.locator('[data-suspicious]') });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`Suspicious\\s+${FLOOD.length} near-identical ideas in 24 h`));
    await settle();
    await expectNoAxe('showrooms with a suspicious kiosk');
    await page.screenshot({ path: `${SHOTS}/showrooms-suspicious-en.png`, fullPage: true });

    // The moderation queue: the honest ideas one by one, the flood once.
    await page.goto(`${server.base}/admin/#/ideas?mod=pending`);
    const entry = page.locator('.cluster-card');
    await entry.waitFor();
    await settle();
    assert.equal(await entry.count(), 1);
    assert.match(await entry.innerText(), new RegExp(`${FLOOD.length} near-identical ideas from`));
    assert.equal(await page.locator('.idea-grid .idea-card').count(), 6);
    assert.equal(await page.locator('.idea-grid .cluster-badge').count(), 0, 'honest ideas carry no cluster badge');
    await expectNoAxe('ideas with a held-back cluster');
    await page.screenshot({ path: `${SHOTS}/ideas-held-back-en.png`, fullPage: true });

    // Its members, one by one, each with the badge.
    await entry.getByRole('link', { name: 'Look at them one by one' }).click();
    await page.locator('.cluster-filter').waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('.idea-grid:not(.is-stale) .idea-card .cluster-badge').length === n, FLOOD.length);
    assert.match(await page.locator('.cluster-badge').first().innerText(), new RegExp(`${FLOOD.length} near-duplicates`));
    await settle();
    await expectNoAxe('one cluster');
    await page.goBack();

    // Reject all, with a reason.
    await page.locator('.cluster-card').getByRole('button', { name: `Reject all ${FLOOD.length}…` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: `Reject all ${FLOOD.length} ideas of this cluster?` }).waitFor();
    assert.ok(await dialog.getByRole('button', { name: `Reject all ${FLOOD.length}` }).isDisabled(), 'a reason is needed');
    await dialog.getByLabel('Reason').fill('Flood from a stolen kiosk token');
    await settle();
    await expectNoAxe('reject-all dialog');
    await page.screenshot({ path: `${SHOTS}/reject-all-dialog-en.png` });
    await dialog.getByRole('button', { name: `Reject all ${FLOOD.length}` }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.flash-on', { hasText: `${FLOOD.length} ideas rejected` }).waitFor();
    await page.locator('.cluster-card').waitFor({ state: 'detached' });

    const r = await page.request.get(`${server.base}/api/v1/admin/ideas?moderation=rejected&pageSize=100`);
    const rejected = ((await r.json()) as { items: Array<{ reason: string; duplicateCluster: unknown }> }).items;
    assert.equal(rejected.length, FLOOD.length);
    assert.ok(rejected.every((i) => i.reason === 'Flood from a stolen kiosk token' && i.duplicateCluster));
    const audit = (await (await page.request.get(`${server.base}/api/v1/admin/audit?pageSize=50`)).json()) as Array<{ action: string; actor: string }>;
    assert.ok(audit.some((a) => a.action === 'idea.cluster_rejected' && a.actor === EMAIL));

    // The same screens in Chinese.
    await page.evaluate(() => localStorage.setItem('la-admin-locale', 'zh-CN'));
    await page.goto(`${server.base}/admin/#/showrooms`);
    await page.reload();
    await page.locator('[data-suspicious]').waitFor();
    assert.match(await page.locator('[data-suspicious]').innerText(), new RegExp(`可疑\\s*24 小时内 ${FLOOD.length} 条近似相同的想法`));
    await settle();
    await expectNoAxe('showrooms (zh-CN)');
    await page.screenshot({ path: `${SHOTS}/showrooms-suspicious-zh.png`, fullPage: true });
    assert.deepEqual(problems, []);
  });
});
