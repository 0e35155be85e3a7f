import { stripInvisible } from '../shared/invisible.ts';
import { stickerProblem } from '../shared/stickers.ts';
import { VISIT_LIMITS, type VisitInput } from '../shared/visit.ts';

/**
 * Rules a schema cannot say: cross-field consistency of a visit.
 * Returns the first problem as a sentence, or null when the visit is consistent.
 */
export function visitRuleViolation(v: VisitInput): string | null {
  const started = Date.parse(v.startedAt);
  const completed = Date.parse(v.completedAt);
  if (!Number.isFinite(started) || !Number.isFinite(completed)) return 'startedAt and completedAt must be ISO 8601 date-times';
  if (completed < started) return 'completedAt must not be before startedAt';
  const year = new Date(started).getUTCFullYear();
  if (year < 2020 || year > 2100) return 'startedAt must be a date between 2020 and 2100';
  if (completed - started > 24 * 3600 * 1000) return 'a visit cannot last more than a day';

  const rated = new Set<string>();
  for (const r of v.ratings) {
    const key = r.partId.toLowerCase();
    if (rated.has(key)) return `part ${r.partId} is rated twice`;
    rated.add(key);
  }
  const pairs = new Set<string>();
  for (const c of v.choices) {
    const key = c.pairId.toLowerCase();
    if (pairs.has(key)) return `pair ${c.pairId} is answered twice`;
    pairs.add(key);
  }
  const favs = new Set<string>();
  for (const f of v.favourites) {
    const key = f.toLowerCase();
    if (favs.has(key)) return `favourite ${f} is listed twice`;
    if (!rated.has(key)) return `favourite ${f} is not one of the rated parts`;
    favs.add(key);
  }
  if (v.favouriteMs && v.favouriteMs.length !== v.favourites.length) return 'favouriteMs must have one time per favourite';
  if (v.nickname !== undefined && v.nickname.trim() === '') return 'nickname must not be blank';
  const idea = v.idea;
  if (idea?.kind === 'voice' && !v.consent.voice) return 'a voice idea needs consent.voice';
  // Invisible characters are dropped before storage, so text made only of them is blank too.
  if (idea?.kind === 'text' && stripInvisible(idea.text).trim() === '') return 'a text idea must not be blank';
  if (idea?.kind === 'drawing') {
    let points = 0;
    for (const s of idea.strokes) points += s.points.length;
    if (points > VISIT_LIMITS.pointsTotalMax) return `a drawing may have at most ${VISIT_LIMITS.pointsTotalMax} points`;
    const stickers = idea.stickers ?? [];
    if (idea.strokes.length === 0 && stickers.length === 0) return 'a drawing needs at least one stroke or sticker';
    const problem = stickerProblem(stickers, idea.width, idea.height);
    if (problem) return problem;
  }
  return null;
}
