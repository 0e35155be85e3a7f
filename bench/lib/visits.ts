import { randomUUID } from 'node:crypto';
import type { KioskConfig } from '../../src/shared/kiosk-config.ts';
import type { VisitInput } from '../../src/shared/visit.ts';

/**
 * Realistic kiosk visits for the ingest benchmark (same shape as test/helpers/visits.ts
 * makeVisit, with the variety a showroom produces): 4-6 ratings, 2-3 either/or choices,
 * 3 favourites among the rated parts, a drawing idea on ~40 % of visits, a typed idea on
 * ~20 %, none otherwise. Seeded, so every run and every engine gets the same mix.
 */

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NICKNAMES = ['Mimi', 'Leo', '小明', '朵朵', 'Sam', 'Yoyo', '乐乐', 'Ben', 'Lily', '豆豆'];
const TEXT_IDEAS = [
  'A car that can fly over the traffic and has a slide for my dog',
  '我想要一辆会游泳的车，还要有冰箱放冰淇淋',
  'Make the seats bouncy like a trampoline!',
  '车顶可以打开看星星',
  'Put a tiny garden in the boot so we can grow strawberries on the way to grandma',
  '希望车灯是彩虹色的，晚上很漂亮',
  'Windows that turn into TV screens for the back seat',
  '方向盘上要有一个按钮可以放音乐',
];
const COLOURS = ['#ff6600', '#3366ff', '#22aa44', '#ffcc00', '#cc33aa', '#000000', '#ff0000', '#00cccc'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function shuffled<T>(r: () => number, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A child's drawing on the 800×600 kiosk canvas: 4-15 strokes of 10-60 points (a random walk). */
function drawing(r: () => number): NonNullable<VisitInput['idea']> {
  const strokes = [];
  const n = 4 + Math.floor(r() * 12);
  for (let s = 0; s < n; s++) {
    let x = Math.floor(r() * 800);
    let y = Math.floor(r() * 600);
    const points: [number, number][] = [];
    const m = 10 + Math.floor(r() * 51);
    for (let p = 0; p < m; p++) {
      x = Math.min(799, Math.max(0, x + Math.floor(r() * 21) - 10));
      y = Math.min(599, Math.max(0, y + Math.floor(r() * 21) - 10));
      points.push([x, y]);
    }
    strokes.push({ color: pick(r, COLOURS), size: pick(r, [4, 8, 12, 20]), points });
  }
  return { kind: 'drawing', width: 800, height: 600, strokes };
}

/** One visit with a fresh id (`id` is a placeholder the caller may replace). */
export function makeBenchVisit(config: KioskConfig, r: () => number, id: string = randomUUID()): VisitInput {
  const product = pick(r, config.products);
  const rated = shuffled(r, product.parts).slice(0, 4 + Math.floor(r() * 3));
  const choices = shuffled(r, product.pairs).slice(0, Math.min(product.pairs.length, 2 + Math.floor(r() * 2)));
  const started = new Date(Date.now() - 600_000 - Math.floor(r() * 3_600_000));
  const roll = r();
  const idea: VisitInput['idea'] = roll < 0.4 ? drawing(r) : roll < 0.6 ? { kind: 'text', text: pick(r, TEXT_IDEAS) } : undefined;
  const withNickname = r() < 0.6;
  const visit: VisitInput = {
    id,
    activityVersion: config.activityVersion,
    productId: product.id,
    locale: r() < 0.7 ? 'zh-CN' : 'en',
    ageBand: pick(r, ['4-6', '7-9', '10-12'] as const),
    avatar: pick(r, config.avatars).key,
    consent: { gallery: r() < 0.5, voice: false, nickname: withNickname, textVersion: config.consent.textVersion },
    startedAt: started.toISOString(),
    completedAt: new Date(started.getTime() + 90_000 + Math.floor(r() * 240_000)).toISOString(),
    ratings: rated.map((p) => ({ partId: p.id, face: (1 + Math.floor(r() * 5)) as 1 | 2 | 3 | 4 | 5 })),
    choices: choices.map((p) => ({ pairId: p.id, picked: r() < 0.5 ? 'a' : 'b' })),
    favourites: shuffled(r, rated).slice(0, 3).map((p) => p.id),
    again: pick(r, ['yes', 'maybe', 'no'] as const),
  };
  if (withNickname) visit.nickname = pick(r, NICKNAMES);
  if (idea) visit.idea = idea;
  return visit;
}

const ID_SLOT = '00000000-0000-4000-8000-000000000000';

/**
 * A pool of pre-serialised visit bodies; `next()` returns one with a fresh UUID spliced in,
 * so the load generator spends microseconds, not milliseconds, per request.
 */
export class VisitBodies {
  private readonly parts: [string, string][];
  private i = 0;
  readonly meanBytes: number;
  readonly mix: { drawing: number; text: number; none: number; meanRatings: number; meanChoices: number };

  constructor(readonly visits: VisitInput[]) {
    this.parts = visits.map((v) => {
      const json = JSON.stringify({ ...v, id: ID_SLOT });
      const at = json.indexOf(ID_SLOT);
      return [json.slice(0, at), json.slice(at + ID_SLOT.length)];
    });
    this.meanBytes = Math.round(this.parts.reduce((s, [a, b]) => s + Buffer.byteLength(a) + Buffer.byteLength(b) + 36, 0) / this.parts.length);
    const n = visits.length;
    this.mix = {
      drawing: visits.filter((v) => v.idea?.kind === 'drawing').length / n,
      text: visits.filter((v) => v.idea?.kind === 'text').length / n,
      none: visits.filter((v) => !v.idea).length / n,
      meanRatings: visits.reduce((s, v) => s + v.ratings.length, 0) / n,
      meanChoices: visits.reduce((s, v) => s + v.choices.length, 0) / n,
    };
  }

  static generate(config: KioskConfig, count: number, seed = 3): VisitBodies {
    const r = rng(seed);
    return new VisitBodies(Array.from({ length: count }, () => makeBenchVisit(config, r, ID_SLOT)));
  }

  /** The next template (round robin) with a new id: the JSON body and the visit object. */
  next(): { id: string; body: string; template: VisitInput } {
    const k = this.i++ % this.parts.length;
    const id = randomUUID();
    const [a, b] = this.parts[k]!;
    return { id, body: a + id + b, template: this.visits[k]! };
  }
}
