/**
 * Stickers on a drawing (issue 11), in Chromium: a child places, moves, resizes (buttons and a
 * two-finger pinch), removes and
 * un-removes stickers on the kiosk; the visit is stored with them; and the very same sticker
 * elements (id, transform, art) appear on the dashboard's idea card and gallery, the family
 * page, the board and the wall, in en and zh-CN, axe-clean.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createStaffUser, issuePairingCode } from '../src/server/services/setup.service.ts';
import { STICKERS } from '../src/shared/stickers.ts';
import { startTestServer, type TestServer } from '../test/helpers/server.ts';
import { moderate } from '../test/public.helpers.ts';
import { axeViolations, launchBrowser, tabletContext } from './browser.ts';
import { completeVisit, KioskDriver } from './kiosk-driver.ts';

const SHOTS = 'docs/screenshots';
const KIOSK_SHOTS = `${process.env.SCREENSHOT_DIR || 'test-results/screens'}/stickers`;
const EMAIL = 'sticker.admin@example.com';
const PASSWORD = 'a long enough password';

type Signature = Array<[string | null, string | null, string]>;

/** Every drawing's sticker layer on the page, as [id, transform, inner markup] per sticker. */
async function stickerLayers(page: Page, scope = 'svg'): Promise<string[]> {
  return page.$$eval(`${scope} g.stickers`, (layers) =>
    layers.map((layer) =>
      JSON.stringify(Array.from(layer.querySelectorAll(":scope > g")).map((g) => [g.getAttribute('data-sticker'), g.getAttribute('transform'), g.innerHTML])),
    ),
  );
}

async function expectLayer(page: Page, where: string, want: string, scope?: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const layers = await stickerLayers(page, scope);
    if (layers.includes(want)) return;
    if (Date.now() > deadline) assert.fail(`${where}: the kiosk's stickers ${want.slice(0, 200)} are not among ${layers.length} layers: ${layers.map((l) => l.slice(0, 120)).join(' | ')}`);
    await page.waitForTimeout(250);
  }
}

async function noAxe(page: Page, where: string): Promise<void> {
  const v = await axeViolations(page);
  assert.deepEqual(v.map((x) => `${where}: ${x.id} (${x.impact}) ${x.help} — ${x.nodes.slice(0, 3).join(', ')}`), []);
}

describe('stickers on drawings, kiosk to every screen (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(KIOSK_SHOTS, { recursive: true });
    server = await startTestServer('pglite');
    await createStaffUser(server.tdb.db, { email: EMAIL, password: PASSWORD, role: 'admin' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`${locale}: placed, moved and resized stickers are stored and drawn the same on the dashboard, family page, board and wall`, async () => {
      const en = locale === 'en';
      const name = (id: keyof typeof STICKERS) => (en ? STICKERS[id].en : STICKERS[id].zh);
      // en on a landscape tablet, zh-CN on a portrait one (the tray moves under the canvas).
      const ctx = await tabletContext(browser, en ? { width: 1280, height: 800 } : { width: 768, height: 1024 });
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const d = new KioskDriver(page, async (n) => void (await page.screenshot({ path: `${KIOSK_SHOTS}/${locale}-${n}.png` })));
      const { code } = await issuePairingCode(server.tdb.db, 'demo');
      await d.pair(server.base, code.replace('-', ''));
      const nickname = en ? 'Sticky' : '贴贴';
      let kioskLayer = '';
      let stickersOnKiosk: Array<{ id: string; transform: string }> = [];

      const ticket = await completeVisit(d, {
        locale,
        age: '4-6',
        nickname,
        gallery: true,
        idea: 'draw',
        onDraw: async () => {
          const canvas = page.locator('svg.canvas');
          const tray = page.getByRole('group', { name: en ? 'Stickers' : '贴纸' });
          assert.equal(await tray.getByRole('button').count(), Object.keys(STICKERS).length, 'one button per sticker');
          // Touch targets of the tray and its controls are at least 64 px.
          const small = await page.$$eval('.sticker-tray button', (els) =>
            els.map((e) => e.getBoundingClientRect()).filter((r) => r.width < 64 || r.height < 64).map((r) => `${r.width}×${r.height}`),
          );
          assert.deepEqual(small, []);
          await page.getByRole('button', { name: en ? 'Read aloud: stickers' : '朗读：贴纸' }).click();
          const bigger = page.getByRole('button', { name: en ? 'Make the sticker bigger' : '把贴纸变大' });
          const smaller = page.getByRole('button', { name: en ? 'Make the sticker smaller' : '把贴纸变小' });
          const remove = page.getByRole('button', { name: en ? 'Take the sticker off' : '拿掉贴纸' });
          assert.equal(await bigger.isDisabled(), true, 'nothing to resize before a sticker is placed');

          // A star, made bigger twice.
          await tray.getByRole('button', { name: name('star'), exact: true }).click();
          await bigger.click();
          await bigger.click();
          // A rocket, dragged to the top right (en) or top left (zh-CN), so the two visits differ.
          const toX = en ? 0.85 : 0.12;
          await tray.getByRole('button', { name: name('rocket'), exact: true }).click();
          const rocket = canvas.locator('g.sticker[data-sticker="rocket"]');
          const rb = (await rocket.boundingBox())!;
          const cb = (await canvas.boundingBox())!;
          await page.mouse.move(rb.x + rb.width / 2, rb.y + rb.height / 2);
          await page.mouse.down();
          for (let k = 1; k <= 8; k++) await page.mouse.move(rb.x + rb.width / 2 + ((cb.x + cb.width * toX - rb.x - rb.width / 2) * k) / 8, rb.y + rb.height / 2 + ((cb.y + cb.height * 0.2 - rb.y - rb.height / 2) * k) / 8);
          await page.mouse.up();
          const moved = (await rocket.boundingBox())!;
          assert.ok(Math.abs(moved.x + moved.width / 2 - (cb.x + cb.width * toX)) < cb.width * 0.05, 'the rocket moved sideways with the finger');
          assert.ok(moved.y + moved.height / 2 < cb.y + cb.height * 0.3, 'the rocket moved up');
          // A heart, made smaller.
          await tray.getByRole('button', { name: name('heart'), exact: true }).click();
          await smaller.click();
          // A sun, pinched bigger with two fingers (real touch events through CDP).
          await tray.getByRole('button', { name: name('sun'), exact: true }).click();
          const sun = canvas.locator('g.sticker[data-sticker="sun"]');
          const sb = (await sun.boundingBox())!;
          const [cx, cy] = [sb.x + sb.width / 2, sb.y + sb.height / 2];
          const cdp = await ctx.newCDPSession(page);
          const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', spreadPx: number | null) =>
            cdp.send('Input.dispatchTouchEvent', {
              type,
              touchPoints: spreadPx === null ? [] : [{ x: cx - spreadPx, y: cy, id: 1 }, { x: cx + spreadPx, y: cy, id: 2 }],
            });
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: cx - 8, y: cy, id: 1 }] });
          await touch('touchStart', 8);
          for (let k = 1; k <= 8; k++) await touch('touchMove', 8 + k * 5);
          await touch('touchEnd', null);
          const pinched = (await sun.boundingBox())!;
          assert.ok(pinched.width > sb.width * 1.5, `the pinch made the sun bigger (${sb.width} → ${pinched.width})`);
          // A car, taken off, then back with Undo.
          await tray.getByRole('button', { name: name('car'), exact: true }).click();
          await remove.click();
          assert.equal(await canvas.locator('g.sticker[data-sticker="car"]').count(), 0, 'the car is off');
          await page.getByRole('button', { name: en ? 'Undo' : '撤销' }).click();
          assert.equal(await canvas.locator('g.sticker[data-sticker="car"]').count(), 1, 'Undo puts the car back');

          const star = (await canvas.locator('g.sticker[data-sticker="star"]').boundingBox())!;
          const heart = (await canvas.locator('g.sticker[data-sticker="heart"]').boundingBox())!;
          assert.ok(star.width > heart.width * 2, `the bigger star (${star.width}) is much larger than the smaller heart (${heart.width})`);
          stickersOnKiosk = await canvas.locator('g.sticker').evaluateAll((gs) => gs.map((g) => ({ id: g.getAttribute('data-sticker')!, transform: g.getAttribute('transform')! })));
          assert.deepEqual(stickersOnKiosk.map((s) => s.id), ['star', 'rocket', 'heart', 'sun', 'car']);
          [kioskLayer] = await stickerLayers(page, 'svg.canvas');
          await noAxe(page, `kiosk drawing ${locale}`);
          await page.screenshot({ path: `${SHOTS}/kiosk-stickers-${locale}.png` });
        },
      });
      assert.ok(ticket, 'the certificate shows a ticket');
      assert.deepEqual(errors, []);

      // Stored exactly as placed.
      const exported = await (async () => {
        for (let i = 0; i < 100; i++) {
          const r = await fetch(`${server.base}/api/v1/tickets/${ticket}/export`);
          if (r.status === 200) return (await r.json()) as { visit: { idea: { drawing: { stickers: Array<{ id: string; x: number; y: number; size: number }> } } } };
          await new Promise((res) => setTimeout(res, 200));
        }
        throw new Error('the visit did not arrive');
      })();
      const stored = exported.visit.idea.drawing.stickers;
      assert.deepEqual(stored.map((s) => s.id), ['star', 'rocket', 'heart', 'sun', 'car']);
      assert.deepEqual(stored.map((s) => s.size).filter((_, i) => i !== 3), [280, 140, 96, 140], 'sizes after +, +, − as the child left them');
      assert.ok(stored[3]!.size > 140 * 1.5 && stored[3]!.size <= 380 && Number.isInteger(stored[3]!.size), `the pinched sun is stored larger: ${stored[3]!.size}`);
      for (const s of stored) {
        const k = s.size / 100;
        const want = `translate(${Math.round((s.x - s.size / 2) * 100) / 100} ${Math.round((s.y - s.size / 2) * 100) / 100}) scale(${Math.round(k * 1000) / 1000})`;
        assert.equal(stickersOnKiosk.find((p) => p.id === s.id)!.transform, want, `${s.id} stored where the kiosk showed it`);
      }
      const visitId = (await server.tdb.db.query<{ id: string }>('select id from visits where nickname = $1', [nickname])).rows[0]!.id;
      await moderate(server.tdb.db, visitId, { moderation: 'approved', status: 'planned', replyEn: 'Lovely stickers!', replyZh: '贴纸真漂亮！' });

      // The dashboard: the idea card and the gallery.
      const admin = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await admin.addInitScript((l) => localStorage.setItem('la-admin-locale', l), locale);
      const ap = await admin.newPage();
      await ap.goto(`${server.base}/admin/`);
      await ap.locator('input[type=email]').fill(EMAIL);
      await ap.locator('input[type=password]').fill(PASSWORD);
      await ap.locator('form button[type=submit]').click();
      await ap.locator('#page-title').waitFor();
      await ap.goto(`${server.base}/admin/#/ideas?mod=approved`);
      await expectLayer(ap, 'dashboard idea card', kioskLayer);
      await ap.waitForLoadState('networkidle');
      await noAxe(ap, `dashboard ideas ${locale}`);
      await ap.screenshot({ path: `${SHOTS}/admin-ideas-stickers-${locale}.png` });
      await ap.goto(`${server.base}/admin/#/gallery`);
      await expectLayer(ap, 'dashboard gallery', kioskLayer, '.gallery-grid svg');
      await noAxe(ap, `dashboard gallery ${locale}`);
      await ap.screenshot({ path: `${SHOTS}/admin-gallery-stickers-${locale}.png` });
      await admin.close();

      // The family page and the board (server-rendered), on a phone.
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      const fp = await phone.newPage();
      assert.equal((await fp.goto(`${server.base}/t/${ticket!.toLowerCase()}`))!.status(), 200);
      await expectLayer(fp, 'family page', kioskLayer, 'svg.drawing');
      await noAxe(fp, `family page ${locale}`);
      await fp.locator('svg.drawing').first().scrollIntoViewIfNeeded();
      await fp.screenshot({ path: `${SHOTS}/family-stickers-${locale}.png` });
      await fp.goto(`${server.base}/heard/?lang=${locale}`);
      await expectLayer(fp, 'board', kioskLayer, '.idea-card svg.drawing');
      await noAxe(fp, `board ${locale}`);
      await fp.screenshot({ path: `${SHOTS}/board-stickers-${locale}.png` });
      await phone.close();

      // The wall (a slideshow: wait for this drawing's slide).
      const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const wp = await tv.newPage();
      await wp.goto(`${server.base}/wall/demo`);
      await wp.locator('.slide svg').waitFor();
      await expectLayer(wp, 'wall', kioskLayer, '.slide svg');
      await noAxe(wp, `wall ${locale}`);
      await wp.screenshot({ path: `${SHOTS}/wall-stickers-${locale}.png` });
      await tv.close();
      await ctx.close();
    });
  }
});
