import { Type, type Static } from 'typebox';
import { SafeText } from '../text.ts';

export const ShowroomInput = Type.Object(
  {
    slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$', description: 'lowercase letters, digits and dashes' }),
    nameZh: SafeText({ minLength: 1, maxLength: 80 }),
    nameEn: SafeText({ minLength: 1, maxLength: 80 }),
    productIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type ShowroomInput = Static<typeof ShowroomInput>;

export const ShowroomPatch = Type.Partial(Type.Omit(ShowroomInput, ['slug']), { additionalProperties: false });
export type ShowroomPatch = Static<typeof ShowroomPatch>;

export const DeviceView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  showroomId: Type.String(),
  createdAt: Type.String(),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  appVersion: Type.Union([Type.String(), Type.Null()]),
  pendingCount: Type.Union([Type.Integer(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  suspicious: Type.Boolean({ description: 'this kiosk sent a flood of near-identical ideas in the last 24 h (a stolen token?)' }),
  suspiciousReason: Type.Union([Type.String(), Type.Null()], { description: 'e.g. "12 near-identical ideas in 24 h"; null when not suspicious' }),
  nearDuplicateIdeas24h: Type.Integer({ description: 'the largest near-duplicate cluster of this kiosk in the last 24 h (0: none)' }),
  stale: Type.Boolean({ description: 'no contact for KIOSK_STALE_MINUTES (never true for a revoked kiosk)' }),
  staleAfterMinutes: Type.Integer({ description: 'KIOSK_STALE_MINUTES of this server' }),
  staleNotifiedAt: Type.Union([Type.String(), Type.Null()], { description: 'when kiosk.stale fired for the current stale episode; null once the kiosk is seen again' }),
  currentVersion: Type.Union([Type.String(), Type.Null()], { description: 'the kiosk build this server serves' }),
  behind: Type.Boolean({ description: 'the kiosk reported a build other than currentVersion: it updates on its next attract screen' }),
  storageUsedBytes: Type.Union([Type.Integer(), Type.Null()], { description: "the browser's storage estimate for the kiosk (outbox, catalog, app shell)" }),
  storageQuotaBytes: Type.Union([Type.Integer(), Type.Null()]),
  storagePersisted: Type.Union([Type.Boolean(), Type.Null()], { description: 'the browser promised not to evict the kiosk\'s storage (null: not reported)' }),
});

export const ShowroomView = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  productIds: Type.Array(Type.String()),
  devices: Type.Array(DeviceView),
});
export type ShowroomView = Static<typeof ShowroomView>;

export const PairingCodeView = Type.Object({ code: Type.String(), expiresAt: Type.String(), link: Type.String() });

export const DevicePatch = Type.Object({ name: SafeText({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false });

/** GET /showrooms/names: what a filter needs (every staff role may read it; no kiosks, no codes). */
export const ShowroomName = Type.Object({ id: Type.String(), slug: Type.String(), nameZh: Type.String(), nameEn: Type.String() });
export type ShowroomName = Static<typeof ShowroomName>;
export const ShowroomNames = Type.Array(ShowroomName);
