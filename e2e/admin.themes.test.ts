/**
 * The ideas inbox's Themes view in Chromium: a moderator opens it from the inbox, reads counts
 * and trends in English and Chinese (axe-checked), clicks through to the ideas behind a theme;
 * an admin adds a synonym in the catalog and the theme picks it up.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createStaffUser } from '../src/server/services/setup.service.ts';
import { makeVisit } from '../test/helpers/visits.ts';
import { api, pairKiosk, startTestServer, type PairedKiosk, type TestServer } from '../test/helpers/server.ts';
import { axeViolations, launchBrowser } from './browser.ts';

const SHOTS = `${process.env.SCREENSHOT_DIR || 'test-results'}/admin-themes`;
const DESKTOP = { width: 1440, height: 900 };
const PASSWORD = 'a long enough password';

const NOW_IDEAS = ['Bigger wheels please', '我希望轮子会发光', 'Rockets on the wheels!', '座位可以加热', 'A rocket booster and a slide', 'The seats should be pink', '座椅要像沙发一样软'];
const BEFORE_IDEAS = ['the wheels are small', 'a slide from the roof', 'a slide for my dog'];

describe('themes view in Chromium', () => {
  let server: TestServer;
  let kiosk: PairedKiosk;
  let browser: Browser;
  const problems: string[] = [];
  let modelId = '';

  const send = async (text: string, daysAgo: number) => {
    const completed = new Date(Date.now() - daysAgo * 86_400_000 - 3_600_000);
    const visit = makeVisit(kiosk.config, {
      startedAt: new Date(completed.getTime() - 120_000).toISOString(),
      completedAt: completed.toISOString(),
      locale: /[a-z]/i.test(text) ? 'en' : 'zh-CN',
      idea: { kind: 'text', text },
    });
    const r = await api(server, 'POST', '/visits', { headers: kiosk.auth, body: visit });
    assert.equal(r.status, 201, r.text);
  };

  /** A signed-in browser context for a new staff user of `role`. */
  const signedIn = async (role: 'admin' | 'moderator', locale: 'en' | 'zh-CN'): Promise<{ ctx: BrowserContext; page: Page }> => {
    const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    await createStaffUser(server.tdb.db, { email, password: PASSWORD, role });
    const res = await fetch(`${server.base}/api/v1/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    assert.equal(res.status, 200);
    const [name, value] = res.headers.get('set-cookie')!.split(';')[0]!.split('=') as [string, string];
    const ctx = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 });
    await ctx.addCookies([{ name, value, url: server.base }]);
    await ctx.addInitScript((l) => {
      if (!localStorage.getItem('la-admin-locale')) localStorage.setItem('la-admin-locale', l);
    }, locale);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    return { ctx, page };
  };
  const settle = async (page: Page) => {
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => !document.querySelector('.loading-line, .is-stale, [aria-busy="true"]'), undefined, { timeout: 10_000 });
  };
  const expectNoAxe = async (page: Page, where: string) => {
    const v = await axeViolations(page);
    assert.deepEqual(v.map((x) => `${where}: ${x.id} (${x.impact}) ${x.help} — ${x.nodes.slice(0, 3).join(', ')}`), []);
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('pglite');
    kiosk = await pairKiosk(server);
    modelId = kiosk.config.products[0]!.id;
    for (const [i, text] of NOW_IDEAS.entries()) await send(text, i % 5);
    for (const [i, text] of BEFORE_IDEAS.entries()) await send(text, 35 + i);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens from the inbox, shows counts, trends and parts in English and Chinese, and passes axe', async () => {
    const { ctx, page } = await signedIn('moderator', 'en');
    await page.goto(`${server.base}/admin/#/ideas?mod=all&model=${modelId}`);
    await page.locator('main.page-ideas #page-title').waitFor();
    await page.getByRole('navigation', { name: 'Inbox views' }).getByRole('link', { name: 'Themes' }).click();
    await page.getByRole('heading', { name: 'What the ideas are about' }).waitFor();
    await settle(page);

    const wheels = page.locator('tr[data-theme="part:wheels"]');
    await wheels.waitFor();
    assert.equal((await wheels.locator('th').innerText()).includes('Wheels'), true);
    assert.deepEqual(await wheels.locator('td.num').allInnerTexts(), ['3', '1']);
    assert.equal(await wheels.locator('.trend .visually-hidden').innerText(), 'Up 2 (from 1 to 3)');
    assert.equal(await wheels.getByRole('link', { name: 'Wheels', exact: true }).count(), 1, 'links to the part in the catalog');
    const slide = page.locator('tr[data-theme="term:slide"]');
    assert.deepEqual(await slide.locator('td.num').allInnerTexts(), ['1', '2']);
    assert.equal(await slide.locator('.trend .visually-hidden').innerText(), 'Down 1 (from 2 to 1)');
    const seats = page.locator('tr[data-theme="part:seats"]');
    assert.deepEqual(await seats.locator('td.num').allInnerTexts(), ['2', '0'], '座椅 and "seats"; 座位 not yet');
    await expectNoAxe(page, 'themes (en)');
    await page.screenshot({ path: `${SHOTS}/1440x900-themes-en.png`, fullPage: true });

    await page.evaluate(() => localStorage.setItem('la-admin-locale', 'zh-CN'));
    await page.reload();
    await page.getByRole('heading', { name: '孩子们的创意在说什么' }).waitFor();
    await settle(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.equal((await page.locator('tr[data-theme="part:wheels"] th').innerText()).includes('轮子'), true);
    assert.equal(await page.locator('tr[data-theme="part:wheels"] .trend .visually-hidden').innerText(), '增加 2（从 1 到 3）');
    await expectNoAxe(page, 'themes (zh-CN)');
    await page.screenshot({ path: `${SHOTS}/1440x900-themes-zh-CN.png`, fullPage: true });
    await ctx.close();
    assert.deepEqual(problems, []);
  });

  it('clicks through to exactly the ideas behind a theme, and back', async () => {
    const { ctx, page } = await signedIn('moderator', 'en');
    await page.goto(`${server.base}/admin/#/ideas?view=themes&model=${modelId}`);
    await page.getByRole('heading', { name: 'What the ideas are about' }).waitFor();
    await settle(page);
    await page.getByRole('link', { name: 'Open 3 ideas about “Wheels” in the inbox' }).click();
    await page.getByRole('heading', { name: 'Ideas inbox' }).waitFor();
    await settle(page);
    await page.getByText('Showing the ideas behind the theme “Wheels”.').waitFor();
    const cards = page.locator('.idea-grid > li.idea-card');
    assert.equal(await cards.count(), 3);
    const texts = (await cards.allInnerTexts()).join('\n');
    for (const t of ['Bigger wheels please', '我希望轮子会发光', 'Rockets on the wheels!']) assert.ok(texts.includes(t), t);
    assert.ok(!texts.includes('seats'));
    await expectNoAxe(page, 'ideas of a theme (en)');
    await page.screenshot({ path: `${SHOTS}/1440x900-theme-ideas-en.png` });
    await page.getByRole('link', { name: 'Back to themes' }).click();
    await page.getByRole('heading', { name: 'What the ideas are about' }).waitFor();
    await ctx.close();
    assert.deepEqual(problems, []);
  });

  it('an admin adds a synonym in the catalog and the theme counts it', async () => {
    const { ctx, page } = await signedIn('admin', 'zh-CN');
    await page.goto(`${server.base}/admin/#/catalog?model=${modelId}`);
    await page.locator('main.page-catalog #page-title').waitFor();
    await settle(page);
    await page.getByRole('button', { name: '编辑同义词：座椅' }).click();
    const dialog = page.getByRole('dialog', { name: '“座椅”的同义词' });
    await dialog.getByLabel('中文同义词').fill('座位，椅子');
    await dialog.getByLabel('英文同义词').fill('chair, seating');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.locator('tr[data-synonyms="seats"]').getByText('座位').waitFor();
    await settle(page);
    await expectNoAxe(page, 'catalog with synonyms (zh-CN)');
    await page.locator('tr[data-synonyms="seats"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/1440x900-part-synonyms-zh-CN.png` });

    await page.goto(`${server.base}/admin/#/ideas?view=themes&model=${modelId}`);
    await page.getByRole('heading', { name: '孩子们的创意在说什么' }).waitFor();
    await settle(page);
    assert.deepEqual(await page.locator('tr[data-theme="part:seats"] td.num').allInnerTexts(), ['3', '0']);
    assert.equal(await page.locator('tr[data-theme="term:座位"]').count(), 0);
    await ctx.close();
    assert.deepEqual(problems, []);
  });
});
