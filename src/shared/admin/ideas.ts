import { Type, type Static } from 'typebox';
import { SafeMultilineText, SafeText } from '../text.ts';

export const Moderation = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]);
export const ProductStatus = Type.Union([Type.Literal('new'), Type.Literal('heard'), Type.Literal('planned'), Type.Literal('shipped'), Type.Literal('not_now')]);
export const IdeaKind = Type.Union([Type.Literal('drawing'), Type.Literal('voice'), Type.Literal('text')]);

export const IdeaQuery = Type.Object(
  {
    moderation: Type.Optional(Moderation),
    status: Type.Optional(ProductStatus),
    kind: Type.Optional(IdeaKind),
    productId: Type.Optional(Type.String({ format: 'uuid' })),
    showroomId: Type.Optional(Type.String({ format: 'uuid' })),
    tag: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,40}$' })),
    q: Type.Optional(SafeText({ maxLength: 100 })),
    gallery: Type.Optional(Type.Boolean({ description: 'only approved drawings whose family consented to the gallery' })),
    ids: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(,[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}){0,99}$', description: 'only these ideas (comma-separated ids, e.g. a theme\'s sampleIdeaIds)' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type IdeaQuery = Static<typeof IdeaQuery>;

export const IdeaChange = Type.Object(
  {
    moderation: Type.Optional(Moderation),
    reason: Type.Optional(SafeText({ maxLength: 300 })),
    status: Type.Optional(ProductStatus),
    replyZh: Type.Optional(SafeMultilineText({ maxLength: 1000 })),
    replyEn: Type.Optional(SafeMultilineText({ maxLength: 1000 })),
    tags: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z0-9-]{1,40}$' }), { maxItems: 20, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type IdeaChange = Static<typeof IdeaChange>;

export const BulkIdeaChange = Type.Object(
  {
    ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 200, uniqueItems: true }),
    moderation: Type.Optional(Moderation),
    reason: Type.Optional(SafeText({ maxLength: 300 })),
    status: Type.Optional(ProductStatus),
    replyZh: Type.Optional(SafeMultilineText({ maxLength: 1000 })),
    replyEn: Type.Optional(SafeMultilineText({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type BulkIdeaChange = Static<typeof BulkIdeaChange>;

export const IdeaCard = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  text: Type.Union([Type.String(), Type.Null()]),
  drawing: Type.Union([Type.Unknown(), Type.Null()]),
  voiceUrl: Type.Union([Type.String(), Type.Null()]),
  flags: Type.Array(Type.String()),
  tags: Type.Array(Type.String()),
  moderation: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  replyZh: Type.Union([Type.String(), Type.Null()]),
  replyEn: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  visit: Type.Object({
    showroom: Type.String(),
    productId: Type.String(),
    product: Type.String(),
    ageBand: Type.String(),
    locale: Type.String(),
    galleryConsent: Type.Boolean(),
  }),
});
export type IdeaCard = Static<typeof IdeaCard>;

export const IdeaPage = Type.Object({ total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), items: Type.Array(IdeaCard) });
