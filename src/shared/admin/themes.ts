import { Type, type Static } from 'typebox';
import { SafeText } from '../text.ts';
import { InsightFilter } from './insight.ts';

export const ThemesQuery = Type.Object(
  {
    ...InsightFilter.properties,
    productId: Type.String({ format: 'uuid' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'how many themes (default 20)' })),
  },
  { additionalProperties: false },
);
export type ThemesQuery = Static<typeof ThemesQuery>;

const Localized = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });

export const Theme = Type.Object({
  key: Type.String({ description: '"part:<part key>" for a catalog part, "term:<term>" for a word no part claims' }),
  label: Localized,
  partKey: Type.Union([Type.String(), Type.Null()]),
  count: Type.Integer({ description: 'ideas in the period' }),
  previousCount: Type.Integer({ description: 'ideas in the same-length period just before `from`' }),
  partIds: Type.Array(Type.String(), { description: "the model's current part rows this theme names" }),
  sampleIdeaIds: Type.Array(Type.String(), { description: 'newest first, at most 20' }),
});
export type Theme = Static<typeof Theme>;

export const Themes = Type.Object({
  from: Type.String(),
  to: Type.String(),
  previousFrom: Type.String(),
  previousTo: Type.String(),
  /** Ideas read for the period; `capped` when there were more than the cap (newest kept). */
  ideas: Type.Integer(),
  capped: Type.Boolean(),
  items: Type.Array(Theme),
});
export type Themes = Static<typeof Themes>;

const Synonym = SafeText({ minLength: 1, maxLength: 40 });
const SynonymList = Type.Array(Synonym, { maxItems: 20, uniqueItems: true });

export const PartSynonymsInput = Type.Object({ zh: SynonymList, en: SynonymList }, { additionalProperties: false });
export type PartSynonymsInput = Static<typeof PartSynonymsInput>;

export const PartSynonyms = Type.Object({ partKey: Type.String(), zh: Type.Array(Type.String()), en: Type.Array(Type.String()) });
export type PartSynonyms = Static<typeof PartSynonyms>;

export const PartSynonymList = Type.Object({ items: Type.Array(PartSynonyms) });
export type PartSynonymList = Static<typeof PartSynonymList>;
