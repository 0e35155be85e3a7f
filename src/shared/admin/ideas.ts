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
    clusterId: Type.Optional(Type.String({ format: 'uuid', description: 'only the ideas of this near-duplicate cluster (held back or not)' })),
    heldBack: Type.Optional(
      Type.Boolean({
        description:
          'true: only ideas held back in a flood cluster; false: none of them. Unset: held-back ideas are left out of moderation=pending (the moderation queue shows each such cluster once, see /ideas/clusters) and included otherwise',
      }),
    ),
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
  duplicateCluster: Type.Union([Type.Object({ id: Type.String(), size: Type.Integer({ minimum: 2 }) }), Type.Null()], {
    description: 'near-duplicates of this idea from the same kiosk within 24 h share one cluster; null when it has none',
  }),
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

export const ClusterQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type ClusterQuery = Static<typeof ClusterQuery>;

/** A flood cluster held back from the moderation queue, shown there as one entry. */
export const ClusterCard = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  size: Type.Integer(),
  pending: Type.Integer({ description: 'members still waiting for moderation' }),
  status: Type.String({ description: 'open, or rejected (a new member reopens it)' }),
  device: Type.Object({ id: Type.String(), name: Type.String() }),
  showroom: Type.Object({ id: Type.String(), slug: Type.String() }),
  firstAt: Type.String(),
  lastAt: Type.String(),
  sample: Type.Object({ text: Type.Union([Type.String(), Type.Null()]), drawing: Type.Union([Type.Unknown(), Type.Null()]) }, { description: 'the newest member' }),
});
export type ClusterCard = Static<typeof ClusterCard>;

export const ClusterPage = Type.Object({ total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), minSize: Type.Integer(), items: Type.Array(ClusterCard) });

export const ClusterReject = Type.Object({ reason: SafeText({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false });
export type ClusterReject = Static<typeof ClusterReject>;
