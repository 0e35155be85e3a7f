import { Type, type Static } from 'typebox';
import { SafeText } from '../text.ts';

const Name = SafeText({ minLength: 1, maxLength: 80 });
const Prompt = SafeText({ minLength: 1, maxLength: 160 });
const Key = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' });
const Percent = Type.Number({ minimum: 0, maximum: 100 });

export const PictureUpload = Type.Object(
  {
    mime: Type.Union([Type.Literal('image/svg+xml'), Type.Literal('image/png'), Type.Literal('image/jpeg'), Type.Literal('image/webp')]),
    data: Type.String({ minLength: 4, maxLength: 2_800_000, pattern: '^[A-Za-z0-9+/]+={0,2}$', description: 'base64' }),
  },
  { additionalProperties: false },
);
export type PictureUpload = Static<typeof PictureUpload>;

const AssetId = Type.String({ pattern: '^[0-9a-f]{64}$' });

export const AudioUpload = Type.Object(
  {
    mime: Type.Union([Type.Literal('audio/mpeg'), Type.Literal('audio/ogg'), Type.Literal('audio/webm'), Type.Literal('audio/mp4'), Type.Literal('audio/wav')]),
    data: Type.String({ minLength: 4, maxLength: 1_400_000, pattern: '^[A-Za-z0-9+/]+={0,2}$', description: 'base64, at most 1 MB' }),
  },
  { additionalProperties: false },
);
export type AudioUpload = Static<typeof AudioUpload>;

/** Recorded prompt clips per language; null removes one. */
const PromptAudio = Type.Object(
  { zh: Type.Optional(Type.Union([AudioUpload, Type.Null()])), en: Type.Optional(Type.Union([AudioUpload, Type.Null()])) },
  { additionalProperties: false },
);
export type PromptAudioInput = Static<typeof PromptAudio>;

export const ProductInput = Type.Object({ key: Key, nameZh: Name, nameEn: Name, picture: PictureUpload }, { additionalProperties: false });
export type ProductInput = Static<typeof ProductInput>;
export const ProductPatch = Type.Object(
  { nameZh: Type.Optional(Name), nameEn: Type.Optional(Name), picture: Type.Optional(PictureUpload), retired: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type ProductPatch = Static<typeof ProductPatch>;

export const PartInput = Type.Object(
  {
    key: Key,
    nameZh: Name,
    nameEn: Name,
    promptZh: Prompt,
    promptEn: Prompt,
    x: Percent,
    y: Percent,
    icon: Type.Optional(Type.Union([AssetId, PictureUpload])),
    promptAudio: Type.Optional(PromptAudio),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export type PartInput = Static<typeof PartInput>;
export const PartPatch = Type.Partial(Type.Omit(PartInput, ['key']), { additionalProperties: false });
export type PartPatch = Static<typeof PartPatch>;

const Side = Type.Object({ labelZh: Name, labelEn: Name, picture: Type.Union([AssetId, PictureUpload]) }, { additionalProperties: false });
export const PairInput = Type.Object(
  { key: Key, promptZh: Prompt, promptEn: Prompt, a: Side, b: Side, promptAudio: Type.Optional(PromptAudio), position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })) },
  { additionalProperties: false },
);
export type PairInput = Static<typeof PairInput>;
export const PairPatch = Type.Partial(Type.Omit(PairInput, ['key']), { additionalProperties: false });
export type PairPatch = Static<typeof PairPatch>;

// ---- GET /catalog (response) ----

/** Clip URLs per language (null: none recorded, the kiosk speaks the prompt with speech synthesis). */
export const PromptAudioView = Type.Object({ zh: Type.Union([Type.String(), Type.Null()]), en: Type.Union([Type.String(), Type.Null()]) });

export const CatalogPart = Type.Object({
  id: Type.String(),
  key: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  promptZh: Type.String(),
  promptEn: Type.String(),
  x: Type.Number(),
  y: Type.Number(),
  icon: Type.Union([Type.String(), Type.Null()]),
  iconId: Type.Union([Type.String(), Type.Null()]),
  position: Type.Integer(),
  published: Type.Boolean(),
  promptAudio: PromptAudioView,
});
export type CatalogPart = Static<typeof CatalogPart>;

export const CatalogPairSide = Type.Object({ labelZh: Type.String(), labelEn: Type.String(), picture: Type.String(), pictureId: Type.String() });
export type CatalogPairSide = Static<typeof CatalogPairSide>;

export const CatalogPair = Type.Object({
  id: Type.String(),
  key: Type.String(),
  promptZh: Type.String(),
  promptEn: Type.String(),
  position: Type.Integer(),
  published: Type.Boolean(),
  promptAudio: PromptAudioView,
  a: CatalogPairSide,
  b: CatalogPairSide,
});
export type CatalogPair = Static<typeof CatalogPair>;

export const CatalogProduct = Type.Object({
  id: Type.String(),
  key: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  picture: Type.String(),
  retired: Type.Boolean(),
  parts: Type.Array(CatalogPart),
  pairs: Type.Array(CatalogPair),
});
export type CatalogProduct = Static<typeof CatalogProduct>;

export const Activity = Type.Object({
  version: Type.Integer(),
  publishedAt: Type.String(),
  consent_version: Type.String(),
  products: Type.Integer(),
  parts: Type.Integer(),
  pairs: Type.Integer(),
});
export type Activity = Static<typeof Activity>;

export const CatalogView = Type.Object({ products: Type.Array(CatalogProduct), activities: Type.Array(Activity, { description: 'published versions, newest first' }) });
export type CatalogView = Static<typeof CatalogView>;
