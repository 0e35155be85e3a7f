/**
 * The consent card does not nudge (UK Age Appropriate Design Code, standards 7 and 13; docs/DPIA.md):
 * three toggles, none pre-selected, of equal size and style, in words without pressure; the
 * words are those of the consent version the visit records, with the person responsible.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { CURRENT_CONSENT } from '../src/core/consent.ts';
import { issuePairingCode } from '../src/server/services/setup.service.ts';
import { startTestServer, type TestServer } from '../test/helpers/server.ts';
import { axeViolations, launchBrowser, tabletContext } from './browser.ts';
import { KioskDriver } from './kiosk-driver.ts';
import { pairWithCode, sendVisit } from '../test/public.helpers.ts';

const SHOTS = 'docs/screenshots';
const CONTACT = 'Wang Li (privacy@showroom.example)';
/** Words that push a guardian towards "on": urgency, social proof, defaults dressed as advice. */
const PRESSURE: Record<'en' | 'zh-CN', RegExp> = {
  en: /\b(recommend\w*|best experience|don'?t miss|hurry|must|should|required|everyone|most (parents|families)|limited|are you sure|unlock|better results?)\b/i,
  'zh-CN': /推荐|建议(开启|打开)|必须|强烈|大多数|大家都|别错过|赶快|限时|最佳体验|解锁|确定不/,
};
const STYLE_PROPS = ['font-size', 'font-weight', 'font-family', 'color', 'background-color', 'padding-top', 'padding-left', 'border-radius', 'box-shadow', 'min-height'];

describe('kiosk: the consent card has three equal, unticked toggles and no pressure', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer('pglite', { PRIVACY_CONTACT: CONTACT });
    browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['en', 'zh-CN'] as const) {
    for (const size of [{ width: 1280, height: 800 }, { width: 768, height: 1024 }]) {
      it(`${locale} at ${size.width}×${size.height}`, async () => {
        const ctx = await tabletContext(browser, size);
        const page = await ctx.newPage();
        const d = new KioskDriver(page);
        const { code } = await issuePairingCode(server.tdb.db, 'demo');
        await d.pair(server.base, code.replace('-', ''));
        await d.passGate();
        await page.getByRole('button', { name: locale === 'en' ? 'English' : '中文' }).click();
        const switches = page.getByRole('switch');
        assert.equal(await switches.count(), 3, 'three toggles');
        for (let i = 0; i < 3; i++) assert.equal(await switches.nth(i).isChecked(), false, `toggle ${i + 1} starts off`);

        // Equal weight: same box, same track, same computed style for all three.
        const boxes = await page.locator('.consent .switch').evaluateAll((els, props) =>
          els.map((el) => {
            const r = el.getBoundingClientRect();
            const track = el.querySelector('.switch-track')!.getBoundingClientRect();
            const label = el.querySelector('.switch-label')!;
            const s = getComputedStyle(el);
            const ls = getComputedStyle(label);
            return {
              width: Math.round(r.width), height: Math.round(r.height), track: [Math.round(track.width), Math.round(track.height)],
              style: props.map((p) => s.getPropertyValue(p)).join('|'), label: props.map((p) => ls.getPropertyValue(p)).join('|'),
            };
          }), STYLE_PROPS);
        assert.equal(boxes.length, 3);
        for (const b of boxes.slice(1)) {
          assert.equal(b.width, boxes[0]!.width, 'same width');
          assert.equal(b.height, boxes[0]!.height, 'same height');
          assert.deepEqual(b.track, boxes[0]!.track, 'same switch');
          assert.equal(b.style, boxes[0]!.style, 'same style');
          assert.equal(b.label, boxes[0]!.label, 'same label style');
        }
        assert.ok(boxes[0]!.height >= 64, 'touch target of at least 64 px');

        // The words are the recorded version's, with no pressure, and name the person responsible.
        const labels = (await page.locator('.consent .switch-label').allInnerTexts()).map((s) => s.trim());
        const key = locale === 'en' ? 'en' : 'zh';
        assert.deepEqual(labels, [CURRENT_CONSENT.toggles.gallery[key], CURRENT_CONSENT.toggles.voice[key], CURRENT_CONSENT.toggles.nickname[key]]);
        const copy = await page.locator('.consent').innerText();
        assert.doesNotMatch(copy, PRESSURE[locale], 'no pressure wording');
        assert.ok(copy.includes(CONTACT), 'the person responsible is named');
        assert.ok(copy.includes(CURRENT_CONSENT.version), 'the notice version is shown');
        assert.deepEqual(await axeViolations(page), []);
        await page.screenshot({ path: `${SHOTS}/${locale}-${size.width}x${size.height}-consent-card.png` });

        // Turning one on changes only that one, and the agree button says the same either way.
        const agree = page.locator('.consent-actions .primary');
        const agreeBefore = await agree.innerText();
        await switches.nth(1).check({ force: true });
        assert.deepEqual([await switches.nth(0).isChecked(), await switches.nth(1).isChecked(), await switches.nth(2).isChecked()], [false, true, false]);
        assert.equal(await agree.innerText(), agreeBefore);
        await ctx.close();
      });
    }
  }

  it('the family page carries the short notice with the contact and the recorded version, in zh and en', async () => {
    const { code } = await issuePairingCode(server.tdb.db, 'demo');
    const k = await pairWithCode(server.base, code);
    const { ticket } = await sendVisit(k, { consent: { gallery: false, voice: false, nickname: true, textVersion: k.config.consent.textVersion } });
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    for (const locale of ['en', 'zh-CN'] as const) {
      await page.goto(`${server.base}/t/${ticket}?lang=${locale}`);
      const card = page.locator('section.privacy');
      await card.waitFor();
      const text = await card.innerText();
      assert.ok(text.includes(CONTACT) && text.includes(CURRENT_CONSENT.version));
      assert.doesNotMatch(text, PRESSURE[locale]);
      assert.deepEqual(await axeViolations(page), []);
      await card.screenshot({ path: `${SHOTS}/${locale}-390x844-family-privacy.png` });
    }
    await ctx.close();
  });
});
