import type { KioskConfig } from '../../shared/kiosk-config.ts';
import { VISIT_LIMITS } from '../../shared/limits.ts';
import { cleanNickname } from '../../shared/invisible.ts';
import type { Idea, VisitInput } from '../../shared/visit.ts';
import type { Locale } from './i18n.ts';

/** One child's visit while it is being made; it lives in memory only until it is queued. */
export interface Draft {
  startedAt: string;
  locale: Locale;
  ageBand: '4-6' | '7-9' | '10-12' | null;
  consent: { gallery: boolean; voice: boolean; nickname: boolean };
  nickname: string;
  avatar: string | null;
  productId: string | null;
  ratings: Record<string, 1 | 2 | 3 | 4 | 5>;
  ratingOrder: string[];
  choices: Record<string, 'a' | 'b'>;
  favourites: string[];
  /** Milliseconds from a screen being shown to each answer, keyed `rating:`, `choice:` or `fav:` + id. */
  answerMs: Record<string, number>;
  again: 'yes' | 'maybe' | 'no' | null;
  idea: Idea | null;
}

export function newDraft(locale: Locale): Draft {
  return {
    startedAt: new Date().toISOString(),
    locale,
    ageBand: null,
    consent: { gallery: false, voice: false, nickname: false },
    nickname: '',
    avatar: null,
    productId: null,
    ratings: {},
    ratingOrder: [],
    choices: {},
    favourites: [],
    answerMs: {},
    again: null,
    idea: null,
  };
}

/** The visit exactly as the API takes it (the same declaration the server validates). */
export function toVisit(d: Draft, config: KioskConfig, id: string): VisitInput {
  const product = config.products.find((p) => p.id === d.productId) ?? config.products[0]!;
  const parts = new Set(product.parts.map((p) => p.id));
  const pairs = new Set(product.pairs.map((p) => p.id));
  const ms = (key: string) => (d.answerMs?.[key] === undefined ? {} : { ms: d.answerMs[key]! });
  const ratings = d.ratingOrder.filter((id) => parts.has(id) && d.ratings[id]).map((partId) => ({ partId, face: d.ratings[partId]!, ...ms(`rating:${partId}`) }));
  const rated = new Set(ratings.map((r) => r.partId));
  const nickname = cleanNickname(d.nickname.trim(), VISIT_LIMITS.nicknameMax).trim();
  const visit: VisitInput = {
    id,
    activityVersion: config.activityVersion,
    productId: product.id,
    locale: d.locale,
    ageBand: d.ageBand ?? '7-9',
    avatar: d.avatar ?? config.avatars[0]!.key,
    consent: { ...d.consent, textVersion: config.consent.textVersion },
    startedAt: d.startedAt,
    completedAt: new Date().toISOString(),
    ratings,
    choices: Object.entries(d.choices)
      .filter(([pairId]) => pairs.has(pairId))
      .map(([pairId, picked]) => ({ pairId, picked, ...ms(`choice:${pairId}`) })),
    favourites: d.favourites.filter((f) => rated.has(f)).slice(0, 3),
  };
  const favouriteMs = visit.favourites.map((f) => d.answerMs?.[`fav:${f}`]);
  if (favouriteMs.length && favouriteMs.every((x) => x !== undefined)) visit.favouriteMs = favouriteMs as number[];
  if (nickname) visit.nickname = nickname;
  if (d.again) visit.again = d.again;
  if (d.idea && (d.idea.kind !== 'voice' || d.consent.voice)) visit.idea = d.idea;
  return visit;
}

/** Time since `shownAt` (a performance.now() reading) as the whole milliseconds the API takes. */
export function elapsedMs(shownAt: number, now = performance.now()): number {
  return Math.min(600_000, Math.max(0, Math.round(now - shownAt)));
}

/** The draft with one answer's time recorded. */
export function withAnswerMs(d: Draft, key: string, ms: number): Draft {
  return { ...d, answerMs: { ...d.answerMs, [key]: ms } };
}

export function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
