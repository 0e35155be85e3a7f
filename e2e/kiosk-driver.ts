import type { Page } from 'playwright-core';

/** Polls until fn is true, or throws naming what it waited for. */
export async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

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

  /** Pairs, then reloads once the service worker is ready so that it controls the page (offline, updates). */
  async pairUnderServiceWorker(base: string, code: string) {
    await this.pair(base, code);
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await this.page.reload();
    await this.page.locator('.attract').waitFor();
    await until('service worker control', () => this.page.evaluate(() => Boolean(navigator.serviceWorker.controller)));
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

export interface VisitPlan {
  locale: 'en' | 'zh-CN';
  age: '4-6' | '7-9' | '10-12';
  nickname?: string;
  gallery?: boolean;
  idea?: 'draw' | 'type' | 'none';
  /** Runs on the drawing screen after the strokes, before Done (e.g. to place stickers). */
  onDraw?: () => Promise<void>;
  axe?: (screen: string) => Promise<void>;
}

/** A whole visit, tapped through as a child would; returns the ticket shown on the certificate. */
export async function completeVisit(d: KioskDriver, plan: VisitPlan): Promise<string | null> {
  const p = d.page;
  const check = async (name: string) => {
    await d.shot(name);
    await plan.axe?.(name);
  };
  await d.passGate();
  await d.consent({ locale: plan.locale, age: plan.age, gallery: plan.gallery, nickname: plan.nickname });

  await p.locator('.step-avatar').waitFor();
  await check('06-avatar');
  await p.locator('.avatars .tile').nth(2).click();

  await p.locator('.step-car').waitFor();
  await check('07-car');
  await p.locator('.car-card').first().click();

  await p.locator('.step-explore').waitFor();
  await check('08-explore');
  const hotspots = p.locator('.hotspot');
  for (let i = 0; i < 4; i++) {
    await hotspots.nth(i).click();
    await p.locator('.smiley-card').waitFor();
    if (i === 0) await check('09-smileyometer');
    await p.locator('.face-button').nth(4 - (i % 5)).click();
    await p.locator('.smiley-card').waitFor({ state: 'detached' });
  }
  await check('10-explore-rated');
  await p.locator('.step-footer .next').click();

  await p.locator('.step-thisorthat').waitFor();
  await check('11-this-or-that');
  for (let i = 0; i < 3; i++) {
    await p.locator('.pair-side').nth(i % 2).click();
    await p.waitForTimeout(400);
  }

  await p.locator('.step-favourites').waitFor();
  for (let i = 0; i < 3; i++) await p.locator('.part-tile').nth(i).click();
  await check('12-favourites');
  await p.locator('.step-footer .next').click();

  await p.locator('.step-idea').waitFor();
  await check('13-idea');
  if (plan.idea === 'draw') {
    await p.locator('.idea-mode.draw').click();
    const canvas = p.locator('svg.canvas');
    await canvas.waitFor();
    const box = (await canvas.boundingBox())!;
    for (const [sx, sy, ex, ey] of [[0.2, 0.3, 0.7, 0.4], [0.3, 0.7, 0.6, 0.5]] as const) {
      await p.mouse.move(box.x + box.width * sx, box.y + box.height * sy);
      await p.mouse.down();
      for (let k = 1; k <= 12; k++) await p.mouse.move(box.x + box.width * (sx + ((ex - sx) * k) / 12), box.y + box.height * (sy + ((ey - sy) * k) / 12 + Math.sin(k) * 0.03));
      await p.mouse.up();
    }
    await p.locator('.swatch').nth(0).click();
    await plan.onDraw?.();
    await check('14-draw');
    await p.locator('.draw-tools .primary').click();
  } else if (plan.idea === 'type') {
    await p.locator('.idea-mode.type').click();
    await p.locator('#idea-text').fill('A slide from the roof into the boot!');
    await check('14-type');
    await p.locator('.type-idea .primary').click();
  } else {
    await p.locator('.step-footer .skip').click();
  }

  await p.locator('.step-again').waitFor();
  await check('15-again');
  await p.locator('.again-button').first().click();

  await p.locator('.certificate').waitFor();
  await p.locator('svg.qr').waitFor();
  await check('16-certificate');
  const code = p.locator('.ticket-code');
  return (await code.count()) ? (await code.innerText()).trim() : null;
}

/** The shortest honest visit: consent, an avatar, a car, one rating, then skip to the end. */
export async function quickVisit(d: KioskDriver, face = 5): Promise<string | null> {
  const p = d.page;
  await d.passGate();
  await d.consent({ locale: 'en', age: '4-6' });
  await p.locator('.avatars .tile').first().click();
  await p.locator('.car-card').first().click();
  await p.locator('.hotspot').first().click();
  await p.locator('.face-button').nth(face - 1).click();
  await p.locator('.smiley-card').waitFor({ state: 'detached' });
  await p.locator('.step-footer .next').click();
  for (const step of ['thisorthat', 'favourites', 'idea', 'again']) {
    const frame = p.locator(`.step-${step}`);
    await frame.waitFor();
    // This-or-that has several pairs; skip each until the step changes.
    while ((await p.locator(`.step-${step}`).count()) > 0) {
      await p.locator('.step-footer .skip').click();
      await p.waitForTimeout(50);
    }
  }
  await p.locator('.certificate').waitFor();
  const code = p.locator('.ticket-code');
  const ticket = (await code.count()) ? (await code.innerText()).trim() : null;
  await p.locator('.thanks-actions .primary').click();
  await p.locator('.attract').waitFor();
  return ticket;
}
