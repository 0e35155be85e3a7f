import { bordaPoints, histogramMedian, meanFace, rankDescending, topTwoBox, wilson, type Faces } from '../../core/stats.ts';
import { meanInterval } from '../../core/honest.ts';
import type { Queryable } from '../../db/database.ts';
import * as q from '../../db/repositories/insight.repository.ts';
import { sealedThrough, spansOf } from '../../db/repositories/insight-spans.ts';
import { reportTimeZone } from '../../db/repositories/visits.repository.ts';
import type { InsightFilter, LoveMap, Overview } from '../../shared/admin/insight.ts';
import { badRequest, notFound } from '../errors.ts';
import { localized } from '../presenters/localized.ts';
import { showroomScope, type StaffUser } from '../auth/policy.ts';

const DEFAULT_DAYS = 30;

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: reportTimeZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Turns query filters into a scope, applying the user's showroom limits. */
export function toScope(user: StaffUser, f: InsightFilter): q.InsightScope {
  const real = (d: string) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
  const to = f.to ?? today();
  // Checked before the default "from" is computed from it: addDays throws on a date like 2026-10-90.
  if (!real(to)) throw badRequest('from and to must be real dates (YYYY-MM-DD)');
  const from = f.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (!real(from)) throw badRequest('from and to must be real dates (YYYY-MM-DD)');
  if (from > to) throw badRequest('from must not be after to');
  const requested = f.showrooms ? f.showrooms.split(',').map((s) => s.toLowerCase()) : undefined;
  return {
    from,
    to,
    showroomIds: showroomScope(user, requested),
    ageBands: f.ageBands ? f.ageBands.split(',') : null,
    quality: f.quality === 'ok' ? 'ok' : null,
  };
}

const DURATION_BUCKET_SECONDS = 15;

export async function overview(db: Queryable, scope: q.InsightScope): Promise<Overview> {
  // The sealed date first (one tiny row): it says which block and month rows exist
  // (migration 016). Then four statements, concurrent on PostgreSQL's pool: the by-day series
  // (two sums per day: rollup_days for sealed days, day rows after), the three other breakdowns in one pass and the duration
  // histogram, both over month, block and edge-day rows, and the abandoned visits by day.
  const spans = spansOf(scope.from, scope.to, await sealedThrough(db));
  const [byDay, { byShowroom, byAgeBand: byAge, byModel }, hist, abandoned] = await Promise.all([
    q.visitsByDay(db, scope, spans),
    q.visitsBreakdown(db, scope, spans),
    q.durationHistogram(db, scope, spans),
    q.abandonedByDay(db, scope, reportTimeZone()),
  ]);
  const visits = byDay.reduce((a, r) => a + r.visits, 0);
  const abandonedTotal = abandoned.reduce((a, r) => a + r.n, 0);
  const abandonedMap = new Map(abandoned.map((r) => [r.day, r.n]));
  const days = new Set([...byDay.map((r) => r.day), ...abandoned.map((r) => r.day)]);
  const visitMap = new Map(byDay.map((r) => [r.day, r.visits]));
  return {
    totals: {
      visits,
      abandoned: abandonedTotal,
      completionRate: visits + abandonedTotal > 0 ? visits / (visits + abandonedTotal) : null,
      medianDurationSec: histogramMedian(hist, DURATION_BUCKET_SECONDS),
      withIdea: byDay.reduce((a, r) => a + r.with_idea, 0),
    },
    byDay: [...days].sort().map((day) => ({ day, visits: visitMap.get(day) ?? 0, abandoned: abandonedMap.get(day) ?? 0 })),
    byShowroom: byShowroom.map((r) => ({ id: r.id, slug: r.slug, name: localized(r.name_zh, r.name_en), visits: r.visits })),
    byAgeBand: byAge.map((r) => ({
      ageBand: r.age_band,
      visits: r.visits,
      sameFace: r.same_face,
      tooFast: r.too_fast,
      lowEffortShare: wilson(r.same_face + r.too_fast, r.visits),
    })),
    byModel: byModel.map((r) => ({ productId: r.id, key: r.key, name: localized(r.name_zh, r.name_en), visits: r.visits })),
  };
}

export async function loveMap(db: Queryable, productId: string, scope: q.InsightScope): Promise<LoveMap> {
  const spans = spansOf(scope.from, scope.to, await sealedThrough(db));
  const [labels, totals, parts, pairs] = await Promise.all([
    q.productLabels(db, productId),
    q.productVisits(db, productId, scope, spans),
    q.partTallies(db, productId, scope, spans),
    q.pairTallies(db, productId, scope, spans),
  ]);
  if (!labels.product) throw notFound('no such car model');
  const partRows = new Map(parts.map((p) => [p.key, p]));
  const ordered = [...labels.parts].sort((a, b) => a.position - b.position || a.key.localeCompare(b.key));
  const points = ordered.map((l) => {
    const t = partRows.get(l.key);
    return t ? bordaPoints(t.fav1, t.fav2, t.fav3) : 0;
  });
  const ranks = rankDescending(points);
  const pairRows = new Map(pairs.map((p) => [p.key, p]));
  return {
    product: { id: labels.product.id, key: labels.product.key, name: localized(labels.product.name_zh, labels.product.name_en) },
    visits: totals.visits,
    parts: ordered.map((l, i) => {
      const t = partRows.get(l.key);
      const faces: Faces = t ? [t.f1, t.f2, t.f3, t.f4, t.f5] : [0, 0, 0, 0, 0];
      const n = faces.reduce((a, b) => a + b, 0);
      return {
        key: l.key,
        name: localized(l.name_zh, l.name_en),
        faces,
        n,
        topTwoBox: topTwoBox(faces),
        mean: meanFace(faces),
        favourites: t ? [t.fav1, t.fav2, t.fav3] : [0, 0, 0],
        bordaPoints: points[i]!,
        bordaPerVisit: totals.visits ? points[i]! / totals.visits : null,
        bordaRank: ranks[i]!,
        standsOut: meanInterval(t ? { n: t.so_n, sum: t.so_sum, sumSq: t.so_sq } : { n: 0, sum: 0, sumSq: 0 }),
      };
    }),
    pairs: [...labels.pairs]
      .sort((a, b) => a.position - b.position || a.key.localeCompare(b.key))
      .map((l) => {
        const t = pairRows.get(l.key) ?? { a: 0, b: 0 };
        return {
          key: l.key,
          prompt: localized(l.prompt_zh, l.prompt_en),
          a: { label: localized(l.a_label_zh, l.a_label_en), count: t.a },
          b: { label: localized(l.b_label_zh, l.b_label_en), count: t.b },
          n: t.a + t.b,
          winRateA: wilson(t.a, t.a + t.b),
        };
      }),
    again: {
      yes: totals.yes,
      maybe: totals.maybe,
      no: totals.no,
      n: totals.yes + totals.maybe + totals.no,
      yesShare: wilson(totals.yes, totals.yes + totals.maybe + totals.no),
    },
  };
}
