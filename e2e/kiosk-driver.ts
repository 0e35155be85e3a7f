import type { Page } from 'playwright-core';

/** Taps the way a child does: on what is shown, by its accessible name or picture. */
export class KioskDriver {
  constructor(
    readonly page: Page,
    readonly shots?: (name: string) => Promise<void>,
  ) {}

  async shot(name: string) {
    await this.shots?.(name);
  }

  async pair(base: string, code: string) {
    await this.page.goto(`${base}/kiosk/#pair=${code}`);
    await this.page.getByLabel(/Staff PIN/).fill('2468');
    await this.shot('00-pairing');
    await this.page.getByRole('button', { name: /Pair/ }).click();
    await this.page.locator('.attract').waitFor();
  }

  async passGate() {
    await this.page.locator('.attract').click();
    const hold = this.page.locator('.hold-button');
    await hold.waitFor();
    await this.shot('02-gate');
    const box = (await hold.boundingBox())!;
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await this.page.mouse.down();
    await this.page.waitForSelector('.gate-options', { timeout: 10_000 });
    await this.page.mouse.up();
    const question = await this.page.locator('.gate-instruction').innerText();
    const word = question.replace(/^(Tap the number |请点数字 )/, '').trim();
    const answer = numberFromWords(word);
    await this.shot('03-gate-question');
    await this.page.locator('.gate-option', { hasText: new RegExp(`^${answer}$`) }).click();
    await this.page.locator('.consent').waitFor();
  }

  async consent(opts: { locale: 'en' | 'zh-CN'; age: '4-6' | '7-9' | '10-12'; gallery?: boolean; voice?: boolean; nickname?: string }) {
    const p = this.page;
    await p.getByRole('button', { name: opts.locale === 'en' ? 'English' : '中文' }).click();
    await p.getByRole('button', { name: opts.age, exact: true }).click();
    const switches = p.getByRole('switch');
    if (opts.gallery) await switches.nth(0).check({ force: true });
    if (opts.voice) await switches.nth(1).check({ force: true });
    if (opts.nickname) {
      await switches.nth(2).check({ force: true });
      await p.locator('.nickname input').fill(opts.nickname);
    }
    await this.shot('04-consent');
    await p.locator('.consent-actions .primary').click();
    await p.locator('.handover').waitFor();
    await this.shot('05-handover');
    await p.locator('.handover').click();
  }
}

const WORDS: Record<string, number> = {
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  十: 10, 十一: 11, 十二: 12, 十三: 13, 十四: 14, 十五: 15, 十六: 16, 十七: 17, 十八: 18, 十九: 19,
};

export function numberFromWords(word: string): number {
  const n = WORDS[word];
  if (n === undefined) throw new Error(`unknown number word "${word}"`);
  return n;
}
