import { Type, type Static } from 'typebox';

/** Text in both kiosk languages, keyed by the locale codes the kiosk uses. */
export const Localized = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });
export type Localized = Static<typeof Localized>;

/** Recorded clips of a prompt (URLs), played instead of speech synthesis; null where none. */
const PromptAudio = Type.Object({ 'zh-CN': Type.Union([Type.String(), Type.Null()]), en: Type.Union([Type.String(), Type.Null()]) });

const Part = Type.Object({
  id: Type.String({ format: 'uuid' }),
  key: Type.String(),
  name: Localized,
  prompt: Localized,
  x: Type.Number({ description: 'hotspot centre, percent of picture width' }),
  y: Type.Number({ description: 'hotspot centre, percent of picture height' }),
  icon: Type.Union([Type.String(), Type.Null()]),
  promptAudio: PromptAudio,
});
const PairSide = Type.Object({ label: Localized, picture: Type.String() });
const Pair = Type.Object({ id: Type.String({ format: 'uuid' }), key: Type.String(), prompt: Localized, promptAudio: PromptAudio, a: PairSide, b: PairSide });

export const KioskConfig = Type.Object(
  {
    showroom: Type.Object({ slug: Type.String(), name: Localized }),
    activityVersion: Type.Integer(),
    products: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        key: Type.String(),
        name: Localized,
        picture: Type.String({ description: 'URL of the picture, immutable' }),
        parts: Type.Array(Part),
        pairs: Type.Array(Pair),
      }),
    ),
    avatars: Type.Array(Type.Object({ key: Type.String(), name: Localized, picture: Type.String() })),
    consent: Type.Object({
      textVersion: Type.String({ description: 'the version each visit records; the full notice is docs/PRIVACY.md of that version' }),
      text: Localized,
      toggles: Type.Optional(
        Type.Object(
          { gallery: Localized, voice: Localized, nickname: Localized },
          { description: "the three toggles' words of this version; a kiosk shows these rather than its own" },
        ),
      ),
      covers: Type.Optional(Type.Array(Type.String(), { description: 'uses this version covers, e.g. "text:board" (src/core/consent.ts)' })),
      contact: Type.Optional(
        Type.Union([Type.String(), Type.Null()], { description: "the person responsible for children's data (PRIVACY_CONTACT); null when the operator has not named one" }),
      ),
    }),
    publicUrl: Type.String({ description: 'base URL families open from the certificate QR code' }),
    ageBands: Type.Array(Type.String()),
    locales: Type.Array(Type.String()),
  },
  { $id: 'KioskConfig' },
);
export type KioskConfig = Static<typeof KioskConfig>;

export const TicketReservations = Type.Object(
  {
    reservations: Type.Array(Type.Object({ visitId: Type.String({ format: 'uuid' }), ticket: Type.String() })),
  },
  { $id: 'TicketReservations' },
);
export type TicketReservations = Static<typeof TicketReservations>;

export const AbandonedVisit = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'made by the kiosk; a replay is stored once' }),
    step: Type.String({ pattern: '^[a-z]{1,20}$', description: 'the step the child left at' }),
    at: Type.String({ format: 'date-time' }),
    productId: Type.Optional(Type.String({ format: 'uuid' })),
    ageBand: Type.Optional(Type.Union([Type.Literal('4-6'), Type.Literal('7-9'), Type.Literal('10-12')])),
  },
  { additionalProperties: false, $id: 'AbandonedVisit' },
);
export type AbandonedVisit = Static<typeof AbandonedVisit>;
