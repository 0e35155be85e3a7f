import { Type, type Static } from 'typebox';

/** Events an endpoint can subscribe to (docs/WEBHOOKS.md has an example payload of each). */
export const WEBHOOK_EVENTS = ['idea.created', 'idea.approved', 'idea.status_changed', 'visit.stored', 'kiosk.stale'] as const;
export const WebhookEvent = Type.Union([
  Type.Literal('idea.created'), Type.Literal('idea.approved'), Type.Literal('idea.status_changed'), Type.Literal('visit.stored'), Type.Literal('kiosk.stale'),
]);
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_PRESETS = ['generic', 'feishu', 'dingtalk', 'slack'] as const;
export const WebhookPreset = Type.Union([Type.Literal('generic'), Type.Literal('feishu'), Type.Literal('dingtalk'), Type.Literal('slack')], {
  description: 'generic: signed JSON {id, event, createdAt, data}; feishu, dingtalk, slack: the chat tool\'s incoming-webhook text message',
});
export type WebhookPreset = (typeof WEBHOOK_PRESETS)[number];

const Url = Type.String({ minLength: 8, maxLength: 2000, description: 'http:// or https:// URL; private and loopback addresses only with WEBHOOK_ALLOW_PRIVATE=1' });
const Events = Type.Array(WebhookEvent, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true });
const Description = Type.String({ maxLength: 200 });
const Instant = Type.String({ format: 'date-time' });
const NullableInstant = Type.Union([Instant, Type.Null()]);

export const WebhookInput = Type.Object(
  { url: Url, events: Events, preset: Type.Optional(WebhookPreset), description: Type.Optional(Description) },
  { additionalProperties: false },
);
export type WebhookInput = Static<typeof WebhookInput>;

export const WebhookPatch = Type.Object(
  { url: Type.Optional(Url), events: Type.Optional(Events), preset: Type.Optional(WebhookPreset), description: Type.Optional(Description) },
  { additionalProperties: false, minProperties: 1 },
);
export type WebhookPatch = Static<typeof WebhookPatch>;

export const WebhookEndpoint = Type.Object({
  id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  description: Type.String(),
  events: Type.Array(WebhookEvent),
  preset: WebhookPreset,
  createdAt: Instant,
  createdBy: Type.String(),
  /** Set when it failed 24 h in a row: nothing is sent until resumed. */
  pausedAt: NullableInstant,
  failingSince: NullableInstant,
  lastSuccessAt: NullableInstant,
  pending: Type.Integer({ description: 'deliveries waiting to be (re)tried' }),
});
export type WebhookEndpoint = Static<typeof WebhookEndpoint>;

export const WebhookList = Type.Array(WebhookEndpoint);
export type WebhookList = Static<typeof WebhookList>;

export const WebhookCreated = Type.Object({
  endpoint: WebhookEndpoint,
  secret: Type.String({ description: 'signing secret (HMAC-SHA256); admins can show it again' }),
});
export type WebhookCreated = Static<typeof WebhookCreated>;

export const WebhookSecret = Type.Object({ secret: Type.String() });
export type WebhookSecret = Static<typeof WebhookSecret>;

export const WebhookDelivery = Type.Object({
  id: Type.String({ format: 'uuid', description: 'also sent as X-Little-Advisors-Delivery and the body\'s id: the same on every retry' }),
  event: Type.Union([WebhookEvent, Type.Literal('webhook.test')]),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  createdAt: Instant,
  lastAttemptAt: NullableInstant,
  nextAttemptAt: NullableInstant,
  deliveredAt: NullableInstant,
  responseStatus: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  responseExcerpt: Type.Union([Type.String(), Type.Null()]),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const WebhookDeliveries = Type.Object({ items: Type.Array(WebhookDelivery) });
export type WebhookDeliveries = Static<typeof WebhookDeliveries>;

export const WebhookDeleted = Type.Object({ deleted: Type.Boolean() });
export const WebhookResumed = Type.Object({ endpoint: WebhookEndpoint });
