/**
 * Stored XSS, end to end in Chromium: script-bearing payloads go into every kid- and
 * staff-writable field (the nickname and text idea of a visit, the moderator's public
 * replies and rejection reason, tags, showroom names, catalog names and prompts, device
 * names, staff e-mail addresses), then every page that shows them is loaded: the dashboard's
 * pages, the showroom wall, the public board, the family page and the kiosk. Nothing may
 * run (a flag each payload would set stays unset, no dialog opens, no inline script is
 * even attempted — the CSP would report it), no element or handler attribute is created
 * from a payload, and the payload text is shown literally. The CSV and XLSX exports carry
 * no live formula.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createStaffUser, issuePairingCode } from '../src/server/services/setup.service.ts';
import type { KioskConfig } from '../src/shared/kiosk-config.ts';
import { startTestServer, type TestServer } from '../test/helpers/server.ts';
import { staffClient, type StaffClient } from '../test/helpers/staff.ts';
import { makeVisit } from '../test/helpers/visits.ts';
import { launchBrowser, tabletContext } from './browser.ts';
import { KioskDriver } from './kiosk-driver.ts';

const SHOTS = `${process.env.SCREENSHOT_DIR || 'test-results'}/xss`;
const PASSWORD = 'a long enough password';

/** Each payload would set window.__xss if it ever ran. */
const P = {
  script: `<script>window.__xss='script'</script>`,
  img: `<img src=x onerror="window.__xss='img'">`,
  svg: `"><svg onload="window.__xss='svg'">`,
  js: `javascript:window.__xss='js'//`,
  textarea: `</textarea><script>window.__xss='ta'</script>`,
  template: '${window.__xss="tpl"}`;{{constructor.constructor("window.__xss=1")()}}',
  attr: `' autofocus onfocus='window.__xss="attr"' x='`,
  hyperlink: '=HYPERLINK("http://evil.example/?x","click me")',
  cmd: "+cmd|' /C calc'!A0",
  arith: '-1+1',
  sum: '@SUM(1+1)*cmd',
};
const ALL = Object.values(P);
/** Nicknames are at most 12 characters. */
const NICKS = ['<script>', '"><img/x', "'onfocus='", '=1+1', '{{7*7}}${1}', '</textarea>'];

/** The staff e-mail address is the one text a staff member types into the people page. */
const EMAIL_PAYLOAD = `"><img/src=x/onerror=window.__xss=1>@evil.example`;

interface Findings {
  xss: unknown;
  csp: string[];
  handlers: string[];
  scripts: number;
  jsLinks: number;
  text: string;
}

describe('stored XSS: payloads in every writable field, nothing runs anywhere', () => {
  let server: TestServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let admin: StaffClient;
  let kioskConfig: KioskConfig;
  const tickets: string[] = [];
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  /** What a page did: the flag, CSP reports, elements or attributes that look injected, its text. */
  async function inspect(p: Page): Promise<Findings> {
    return p.evaluate(() => {
      const w = window as unknown as { __xss?: unknown; __csp?: string[] };
      const handlers: string[] = [];
      for (const el of Array.from(document.querySelectorAll('*'))) {
        for (const a of Array.from(el.attributes)) if (/^on/i.test(a.name)) handlers.push(`${el.tagName}[${a.name}]`);
        if (el.shadowRoot) handlers.push('shadow root');
      }
      const text = [document.body.innerText, ...Array.from(document.querySelectorAll('[title],[aria-label],[alt],input,textarea')).map((e) => `${e.getAttribute('title') ?? ''} ${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('alt') ?? ''} ${(e as HTMLInputElement).value ?? ''}`)].join('\n');
      return {
        xss: w.__xss,
        csp: w.__csp ?? [],
        handlers,
        scripts: Array.from(document.scripts).filter((s) => !s.src).length,
        jsLinks: Array.from(document.querySelectorAll('[href],[src],[action],[formaction]')).filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? e.getAttribute('formaction') ?? '')).length,
        text,
      };
    });
  }

  async function expectInert(p: Page, where: string, mustShow: string[]) {
    // Hover and focus everything once: handlers like onmouseover/onfocus only fire then.
    await p.evaluate(() => {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('a, button, [tabindex], input, textarea, li, td, figure, h1, h2, h3, p, span'))) {
        el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
        el.focus?.();
      }
    });
    const f = await inspect(p);
    await p.screenshot({ path: `${SHOTS}/${where.replace(/\W+/g, '-')}.png`, fullPage: true });
    assert.equal(f.xss, undefined, `${where}: a payload ran (window.__xss = ${String(f.xss)})`);
    assert.deepEqual(f.csp, [], `${where}: the CSP had to block something`);
    assert.deepEqual(f.handlers, [], `${where}: handler attributes in the DOM`);
    assert.equal(f.scripts, 0, `${where}: inline <script> elements in the DOM`);
    assert.equal(f.jsLinks, 0, `${where}: javascript: links in the DOM`);
    assert.deepEqual(dialogs, [], `${where}: a dialog opened`);
    assert.deepEqual(pageErrors, [], `${where}: page errors`);
    for (const s of mustShow) assert.ok(f.text.includes(s), `${where}: "${s}" is not shown literally`);
  }

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('pglite');
    admin = await staffClient(server, 'admin');

    // Catalog: a car whose every name and prompt is a payload, published as an activity.
    const picture = { mime: 'image/svg+xml', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 60"><rect x="5" y="20" width="90" height="30" rx="8" fill="#3fa7f5"/></svg>').toString('base64') };
    const product = await admin.call('POST', '/products', { key: 'xss-car', nameZh: P.script, nameEn: P.img, picture });
    assert.equal(product.status, 201, product.text);
    const productId = product.json.id as string;
    const parts: Array<[string, string, string, string, string]> = [
      ['wheels', P.svg, P.textarea, P.attr, P.template],
      ['screen', P.js, P.hyperlink, P.cmd, P.arith],
      ['seats', P.sum, P.img, P.script, P.svg],
      ['lights', P.template, P.attr, P.js, P.textarea],
    ];
    for (const [i, [key, nameZh, nameEn, promptZh, promptEn]] of parts.entries()) {
      const r = await admin.call('POST', `/products/${productId}/parts`, { key, nameZh, nameEn, promptZh, promptEn, x: 20 + i * 18, y: 50 });
      assert.equal(r.status, 201, r.text);
    }
    for (const [key, a, b] of [['colour', P.svg, P.img], ['sound', P.attr, P.hyperlink]] as const) {
      const r = await admin.call('POST', `/products/${productId}/pairs`, { key, promptZh: P.script, promptEn: P.template, a: { labelZh: a, labelEn: a, picture }, b: { labelZh: b, labelEn: b, picture } });
      assert.equal(r.status, 201, r.text);
    }
    const published = await admin.call('POST', '/activities');
    assert.equal(published.status, 201, published.text);

    // A showroom named with payloads, showing only that car; a kiosk with a payload name.
    // Two cars on its floor, so the kiosk shows the car picker with the payload name.
    const demoCar = ((await admin.call('GET', '/catalog')).json.products as Array<{ id: string; key: string }>).find((p) => p.key !== 'xss-car')!;
    const showroom = await admin.call('POST', '/showrooms', { slug: 'xss', nameZh: P.svg, nameEn: P.attr, productIds: [productId, demoCar.id] });
    assert.equal(showroom.status, 201, showroom.text);
    const { code } = await issuePairingCode(server.tdb.db, 'xss');
    const paired = await fetch(`${server.base}/api/v1/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: P.img }) });
    assert.equal(paired.status, 201);
    const { token, deviceId } = (await paired.json()) as { token: string; deviceId: string };
    const auth = { authorization: `Bearer ${token}` };
    assert.equal((await admin.call('PATCH', `/devices/${deviceId}`, { name: P.textarea.slice(0, 60) })).status, 200);
    kioskConfig = (await (await fetch(`${server.base}/api/v1/kiosk/config`, { headers: auth })).json()) as KioskConfig;
    // The visits below are about the payload car (makeVisit uses the first product).
    kioskConfig = { ...kioskConfig, products: [...kioskConfig.products].sort((a, b) => (a.id === productId ? -1 : b.id === productId ? 1 : 0)) };
    assert.equal(kioskConfig.products[0]!.id, productId);

    // Visits: payload nicknames and text ideas (and one drawing for the gallery and wall), all consents given.
    const ideas = [P.script + ' ' + P.img, P.svg + ' ' + P.textarea, P.template + ' ' + P.attr, P.js + ' ' + P.hyperlink, P.cmd + ' ' + P.arith + ' ' + P.sum, ALL.join(' ')];
    for (const [i, text] of ideas.entries()) {
      const visit = makeVisit(kioskConfig, {
        nickname: NICKS[i % NICKS.length]!,
        consent: { gallery: true, voice: false, nickname: true, textVersion: kioskConfig.consent.textVersion },
        idea: i === ideas.length - 1 ? { kind: 'drawing', width: 800, height: 600, strokes: [{ color: '#ff6600', size: 8, points: [[10, 10], [300, 200], [500, 90]] }], stickers: [{ id: 'star', x: 400, y: 300, size: 120 }] } : { kind: 'text', text },
        locale: i % 2 ? 'zh-CN' : 'en',
      });
      const r = await fetch(`${server.base}/api/v1/visits`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(visit) });
      const body = await r.text();
      assert.equal(r.status, 201, body);
      tickets.push((JSON.parse(body) as { ticket: string }).ticket);
    }

    // The schema refuses markup as a sticker id; were a stored drawing ever tampered with, the
    // renderers draw only the fixed sticker art: payload "stickers" go into the database directly.
    const tampered = await server.tdb.db.query(
      `update ideas set drawing = jsonb_set(drawing, '{stickers}', (drawing->'stickers') || $1::jsonb) where kind = 'drawing' and drawing ? 'stickers' returning 1`,
      [JSON.stringify([{ id: P.img, x: 10, y: 10, size: 50 }, { id: 'star', x: P.svg, y: 10, size: 50 }, { id: 'constructor', x: 1, y: 1, size: 50 }, { id: 'heart', x: 10, y: 10, size: 50, d: P.script }])],
    );
    assert.equal(tampered.rows.length, 1);

    // Moderation: approve with payload replies in both languages, reject one with a payload reason.
    const inbox = await admin.call('GET', '/ideas?pageSize=50');
    assert.equal(inbox.status, 200, inbox.text);
    const items = inbox.json.items as Array<{ id: string; kind: string }>;
    assert.ok(items.length >= ideas.length, inbox.text);
    for (const [i, idea] of items.entries()) {
      const change = i === 1
        ? { moderation: 'rejected', reason: P.img + ' ' + P.hyperlink }
        : { moderation: 'approved', status: 'heard', replyZh: `${P.script} ${P.cmd}`, replyEn: `${P.svg} ${P.template} ${P.arith}`, tags: ['wheels'] };
      const r = await admin.call('PATCH', `/ideas/${idea.id}`, change);
      assert.equal(r.status, 200, r.text);
    }
    // Tags are a closed alphabet: a payload tag is refused, not stored.
    const badTag = await admin.call('PATCH', `/ideas/${items[0]!.id}`, { tags: [P.script] });
    assert.equal(badTag.status, 400, badTag.text);

    // Staff: e-mail addresses with payloads, through an invite and through the setup path.
    const invite = await admin.call('POST', '/invites', { role: 'moderator' });
    assert.equal(invite.status, 201, invite.text);
    const inviteToken = new URL(invite.json.link).hash.replace('#invite=', '');
    const accepted = await fetch(`${server.base}/api/v1/admin/invites/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: inviteToken, email: EMAIL_PAYLOAD, password: PASSWORD }) });
    assert.ok(accepted.status === 200 || accepted.status === 201, await accepted.text());
    await createStaffUser(server.tdb.db, { email: `'onmouseover='window.__xss=1'@evil.example`, password: PASSWORD, role: 'analyst' });

    browser = await launchBrowser();
    ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await ctx.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
      if (!localStorage.getItem('la-admin-locale')) localStorage.setItem('la-admin-locale', 'en');
    });
    page = await ctx.newPage();
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the detector itself catches a payload that runs (no CSP on a blank page)', async () => {
    const p = await ctx.newPage();
    await p.setContent(`<p>${P.img}</p>`);
    await p.waitForFunction(() => (window as unknown as { __xss?: string }).__xss === 'img');
    const f = await inspect(p);
    assert.equal(f.xss, 'img');
    assert.ok(f.handlers.length > 0);
    await p.close();
  });

  it('the API stores the payloads as text: what goes in comes back byte for byte', async () => {
    const cat = (await admin.call('GET', '/catalog')).json;
    const car = cat.products.find((p: { key: string }) => p.key === 'xss-car');
    assert.equal(car.nameZh, P.script);
    assert.equal(car.nameEn, P.img);
    const ideas = (await admin.call('GET', '/ideas?pageSize=50')).json.items as Array<{ text?: string | null }>;
    assert.ok(ideas.some((i) => i.text === ALL.join(' ').slice(0, 500) || i.text === P.script + ' ' + P.img), JSON.stringify(ideas.map((i) => i.text)));
  });

  it('the dashboard, signed in through its form: every page shows the payloads as text and runs none', async () => {
    const email = 'xss.admin@example.com';
    await createStaffUser(server.tdb.db, { email, password: PASSWORD, role: 'admin' });
    await page.goto(`${server.base}/admin/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#page-title').waitFor();

    const productId = kioskConfig.products[0]!.id;
    const pages: Array<[string, string[]]> = [
      ['overview', []],
      [`love-map?model=${productId}`, [P.textarea]],
      ['ideas?mod=all', [P.script]],
      ['ideas?mod=rejected', []],
      ['gallery', []],
      ['showrooms', [P.attr]],
      [`catalog?model=${productId}`, [P.img]],
      ['people', [EMAIL_PAYLOAD.toLowerCase()]],
      ['data', []],
    ];
    for (const [hash, mustShow] of pages) {
      await page.goto(`${server.base}/admin/#/${hash}`);
      await page.locator(`main.page-${hash.replace(/\?.*$/, '')} #page-title`).waitFor({ timeout: 15_000 });
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => !document.querySelector('.loading-line, .is-stale, [aria-busy="true"]'), undefined, { timeout: 15_000 }).catch(() => undefined);
      await expectInert(page, `admin-${hash}`, mustShow);
    }

    // Open an idea's detail (replies in both languages, the reason) and the rejected filter.
    await page.goto(`${server.base}/admin/#/ideas?mod=all`);
    await page.locator('main.page-ideas #page-title').waitFor();
    await page.waitForLoadState('networkidle');
    // Coming from another page of the app this is a same-document navigation: wait for the list
    // itself, not only the network (it raced on a busy machine).
    await page.locator('.idea-card .idea-title').first().waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => !document.querySelector('.loading-line, .is-stale, [aria-busy="true"]'), undefined, { timeout: 15_000 }).catch(() => undefined);
    // The card's title, not its middle: a near-duplicate badge there is a link to the cluster view.
    const open = page.locator('.idea-card .idea-title').first();
    if (await open.count()) {
      await open.click();
      await page.waitForLoadState('networkidle');
    }
    // The same list was checked above for the payloads shown literally; here: still inert after a click.
    await expectInert(page, 'admin-idea-detail', []);
  });

  it('the exports carry no live formula, in CSV and in XLSX', async () => {
    await page.goto(`${server.base}/admin/#/data`);
    await page.locator('main.page-data #page-title').waitFor();
    for (const kind of ['csv', 'xlsx'] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`a[data-export="${kind}"]`).first().click()]);
      const file = await download.path();
      assert.ok(file, `${kind} download failed`);
      const cells: string[] = [];
      if (kind === 'csv') {
        const text = readFileSync(file, 'utf8').replace(/^\ufeff/, '');
        for (const line of text.split('\n').filter(Boolean)) cells.push(...line.split(',').map((c) => c.replace(/^"|"$/g, '')));
      } else {
        const book = new ExcelJS.Workbook();
        await book.xlsx.readFile(file);
        book.worksheets[0]!.eachRow((row) => row.eachCell((c) => {
          assert.equal(typeof c.value === 'object' && c.value !== null && 'formula' in c.value, false, `an XLSX formula cell: ${JSON.stringify(c.value)}`);
          cells.push(String(c.value));
        }));
      }
      assert.ok(cells.length > 11, `${kind}: no rows exported`);
      for (const c of cells) assert.ok(!/^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]/.test(c), `${kind}: a cell starts like a formula: ${c}`);
    }
  });

  it('the wall, the public board and each family page show the payloads as text and run none', async () => {
    await page.goto(`${server.base}/wall/xss`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(2_500); // the live stream's first update
    await expectInert(page, 'wall-xss', [P.svg, P.template]);
    const wallStickers = () => page.locator('.slide g.sticker').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-sticker')));
    assert.deepEqual(await wallStickers(), ['star', 'heart'], 'only known stickers with sane numbers are drawn, from our own art');

    for (const lang of ['en', 'zh-CN']) {
      await page.goto(`${server.base}/heard/?lang=${lang}`);
      await page.waitForLoadState('networkidle');
      await expectInert(page, `heard-${lang}`, [lang === 'en' ? P.svg : P.script]);
    }

    for (const [i, ticket] of tickets.entries()) {
      await page.goto(`${server.base}/t/${ticket}`);
      await page.waitForLoadState('networkidle');
      await expectInert(page, `family-${i}`, i === 0 ? [P.script + ' ' + P.img] : []);
      if (i === tickets.length - 1) {
        const ids = await page.locator('svg.drawing g.sticker').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-sticker')));
        assert.deepEqual(ids, ['star', 'heart'], 'the family page draws only the known stickers');
      }
    }
  });

  it('the kiosk shows the payload catalog names as text and runs none', async () => {
    const kctx = await tabletContext(browser);
    await kctx.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
    });
    const kp = await kctx.newPage();
    kp.on('dialog', (d) => {
      dialogs.push(`kiosk ${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    kp.on('pageerror', (e) => pageErrors.push(`kiosk: ${e.message}`));
    const d = new KioskDriver(kp);
    const { code } = await issuePairingCode(server.tdb.db, 'xss');
    await d.pair(server.base, code.replace('-', ''));
    await expectInert(kp, 'kiosk-attract', []);
    await d.passGate();
    await d.consent({ locale: 'en', age: '10-12', gallery: true, nickname: '<script>' });
    await kp.locator('.step-avatar').waitFor();
    await kp.locator('.avatars .tile').first().click();
    await kp.locator('.step-car').waitFor();
    await expectInert(kp, 'kiosk-car', [P.img]);
    await kp.locator('.car-card', { hasText: 'onerror' }).click();
    await kp.locator('.step-explore').waitFor();
    await expectInert(kp, 'kiosk-explore', []);
    await kp.locator('.hotspot').first().click();
    await kp.locator('.smiley-card').waitFor();
    await expectInert(kp, 'kiosk-smiley', [P.template]);
    await kp.locator('.face-button').nth(4).click();
    await kp.locator('.smiley-card').waitFor({ state: 'detached' });
    await kp.locator('.step-footer .next').click();
    await kp.locator('.step-thisorthat').waitFor();
    await expectInert(kp, 'kiosk-this-or-that', [P.svg]);
    await kctx.close();
  });
});
