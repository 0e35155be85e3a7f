import { Type, type Static } from 'typebox';

const Uuids = Type.String({ pattern: '^([0-9a-fA-F-]{36})(,[0-9a-fA-F-]{36}){0,99}$', description: 'comma-separated showroom ids' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (report time zone)' });
const AgeBands = Type.String({ pattern: '^(4-6|7-9|10-12)(,(4-6|7-9|10-12)){0,2}$' });

const QualityFilter = Type.Union([Type.Literal('all'), Type.Literal('ok')], {
  description: "'ok' leaves out low-effort visits (the same face on every part, or answers faster than a child can look); 'all' (default) counts every visit",
});

export const InsightFilter = Type.Object(
  { from: Type.Optional(Day), to: Type.Optional(Day), showrooms: Type.Optional(Uuids), ageBands: Type.Optional(AgeBands), quality: Type.Optional(QualityFilter) },
  { additionalProperties: false },
);
export type InsightFilter = Static<typeof InsightFilter>;

export const LoveMapQuery = Type.Object({ ...InsightFilter.properties, productId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export type LoveMapQuery = Static<typeof LoveMapQuery>;

const Localized = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });
const Interval = Type.Union([Type.Object({ p: Type.Number(), low: Type.Number(), high: Type.Number() }), Type.Null()]);
const OrNull = Type.Union([Type.Number(), Type.Null()]);
/** Mean within-child score (face minus the child's own mean face) with a 95 % t interval; null below 1 or 2 answers. */
const StandsOut = Type.Object({ mean: OrNull, low: OrNull, high: OrNull, n: Type.Integer() });

export const Overview = Type.Object({
  totals: Type.Object({
    visits: Type.Integer(),
    abandoned: Type.Integer(),
    completionRate: Type.Union([Type.Number(), Type.Null()]),
    medianDurationSec: Type.Union([Type.Number(), Type.Null()]),
    withIdea: Type.Integer(),
  }),
  byDay: Type.Array(Type.Object({ day: Type.String(), visits: Type.Integer(), abandoned: Type.Integer() })),
  byShowroom: Type.Array(Type.Object({ id: Type.String(), slug: Type.String(), name: Localized, visits: Type.Integer() })),
  byAgeBand: Type.Array(
    Type.Object({
      ageBand: Type.String(),
      visits: Type.Integer(),
      /** Low-effort visits of this band, by reason, and their share with a Wilson interval. */
      sameFace: Type.Integer(),
      tooFast: Type.Integer(),
      lowEffortShare: Interval,
    }),
  ),
  byModel: Type.Array(Type.Object({ productId: Type.String(), key: Type.String(), name: Localized, visits: Type.Integer() })),
});
export type Overview = Static<typeof Overview>;

export const LoveMap = Type.Object({
  product: Type.Object({ id: Type.String(), key: Type.String(), name: Localized }),
  visits: Type.Integer(),
  parts: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Localized,
      faces: Type.Array(Type.Integer(), { minItems: 5, maxItems: 5 }),
      n: Type.Integer(),
      topTwoBox: Interval,
      mean: Type.Union([Type.Number(), Type.Null()]),
      favourites: Type.Array(Type.Integer(), { minItems: 3, maxItems: 3 }),
      bordaPoints: Type.Integer(),
      bordaPerVisit: Type.Union([Type.Number(), Type.Null()]),
      bordaRank: Type.Integer(),
      standsOut: StandsOut,
    }),
  ),
  pairs: Type.Array(
    Type.Object({
      key: Type.String(),
      prompt: Localized,
      a: Type.Object({ label: Localized, count: Type.Integer() }),
      b: Type.Object({ label: Localized, count: Type.Integer() }),
      n: Type.Integer(),
      winRateA: Interval,
    }),
  ),
  again: Type.Object({ yes: Type.Integer(), maybe: Type.Integer(), no: Type.Integer(), n: Type.Integer(), yesShare: Interval }),
});
export type LoveMap = Static<typeof LoveMap>;
