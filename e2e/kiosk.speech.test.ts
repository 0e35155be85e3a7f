import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { issuePairingCode } from '../src/server/services/setup.service.ts';
import { startTestServer, type TestServer } from '../test/helpers/server.ts';
import { launchBrowser, tabletContext } from './browser.ts';
import { KioskDriver, until } from './kiosk-driver.ts';

/**
 * Read-aloud for every prompt, in both languages. The browser's own speechSynthesis runs; an init
 * script only notes what each utterance (or recorded clip) was, before passing it on. Prompts are
 * read once the new screen is painted (lib/speech.ts speakAfterPaint), so this waits for them.
 */
describe('kiosk: every prompt is read aloud', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer('pglite');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const spoken = (page: Page) => page.evaluate(() => (globalThis as unknown as { __spoken: string[] }).__spoken.slice());
  const last = async (page: Page) => (await spoken(page)).at(-1) ?? null;
  async function readsAloud(page: Page, text: string, what: string) {
    assert.ok(text.trim(), `${what}: the prompt has words`);
    await until(`${what} read aloud ("${text}")`, async () => (await last(page)) === text, 10_000);
  }

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`${locale}: each kid screen reads its prompt, the Smileyometer its own question`, async () => {
      const ctx = await tabletContext(browser);
      await ctx.addInitScript(() => {
        const log: string[] = [];
        (globalThis as unknown as { __spoken: string[] }).__spoken = log;
        if ('speechSynthesis' in globalThis) {
          const speak = speechSynthesis.speak.bind(speechSynthesis);
          speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
            log.push(u.text);
            speak(u);
          };
        }
        const play = HTMLMediaElement.prototype.play;
        HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
          log.push(`audio:${this.currentSrc || this.src}`);
          return play.call(this);
        };
      });
      const page = await ctx.newPage();
      const d = new KioskDriver(page);
      await d.pair(server.base, (await issuePairingCode(server.tdb.db, 'demo')).code.replace('-', ''));
      assert.ok(await page.evaluate(() => 'speechSynthesis' in globalThis), 'this Chromium has speechSynthesis');
      await d.passGate();
      await d.consent({ locale, age: '7-9' });
      const prompt = () => page.locator('h1#prompt').innerText();

      await page.locator('.step-avatar').waitFor();
      await readsAloud(page, await prompt(), 'avatar step');
      await page.locator('.avatars .tile').first().click();
      await page.locator('.step-car').waitFor();
      await readsAloud(page, await prompt(), 'car step');
      await page.locator('.car-card').first().click();
      await page.locator('.step-explore').waitFor();
      const explorePrompt = await prompt();
      await readsAloud(page, explorePrompt, 'explore step');

      await page.locator('.hotspot').first().click();
      await page.locator('.smiley-card').waitFor();
      const question = await page.locator('#smiley-title').innerText();
      await readsAloud(page, question, 'the Smileyometer');
      await page.waitForTimeout(500);
      assert.equal(await last(page), question, 'nothing cut the part\'s question off');
      await page.locator('.face-button').nth(4).click();
      await page.locator('.smiley-card').waitFor({ state: 'detached' });
      await readsAloud(page, explorePrompt, 'back on the explore step');
      await page.locator('.step-footer .next').click();

      await page.locator('.step-thisorthat').waitFor();
      for (let i = 0; i < 3 && (await page.locator('.step-thisorthat').count()) > 0; i++) {
        await readsAloud(page, await prompt(), `this-or-that pair ${i + 1}`);
        const count = await page.locator('.pair-count').innerText();
        await page.locator('.pair-side').first().click();
        await until('the next pair or favourites', async () => (await page.locator('.step-favourites').count()) > 0 || (await page.locator('.pair-count').innerText().catch(() => count)) !== count);
      }
      await page.locator('.step-favourites').waitFor();
      await readsAloud(page, await prompt(), 'favourites step');
      await page.locator('.step-footer .skip').click();
      await page.locator('.step-idea').waitFor();
      await readsAloud(page, await prompt(), 'idea step');
      await page.locator('.step-footer .skip').click();
      await page.locator('.step-again').waitFor();
      await readsAloud(page, await prompt(), 'again step');
      await page.locator('.again-button').first().click();
      await page.locator('.certificate').waitFor();
      await readsAloud(page, await page.locator('#thanks-title').innerText(), 'certificate');
      assert.equal(await page.getAttribute('.kiosk', 'lang'), locale);
      await ctx.close();
    });
  }
});
