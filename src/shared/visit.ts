import { Type, type Static } from 'typebox';
import { NicknameText, SafeMultilineText, SafeText } from './text.ts';

import { VISIT_LIMITS } from './limits.ts';
import { STICKER_IDS, STICKER_LIMITS } from './stickers.ts';
export { VISIT_LIMITS };

export const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
export type Locale = Static<typeof Locale>;
export const AgeBand = Type.Union([Type.Literal('4-6'), Type.Literal('7-9'), Type.Literal('10-12')]);
export type AgeBand = Static<typeof AgeBand>;
export const Again = Type.Union([Type.Literal('yes'), Type.Literal('maybe'), Type.Literal('no')]);

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });

export const Consent = Type.Object(
  {
    // Field names are the contract; what each one allows is what the recorded textVersion's
    // words named (consent_texts.covers, src/core/consent.ts).
    gallery: Type.Boolean({ description: 'show the drawing or typed idea publicly (gallery, wall and, from version 2026-12-consent-2, the board)' }),
    voice: Type.Boolean({ description: 'keep the voice recording for the product team (never public)' }),
    nickname: Type.Boolean({ description: 'show the nickname on the certificate and wall (and, from version 2026-12-consent-2, the board); without it the nickname is not stored' }),
    textVersion: SafeText({ minLength: 1, maxLength: 64, description: 'the consent text version shown (GET /api/v1/kiosk/config consent.textVersion)' }),
  },
  { additionalProperties: false },
);

/** Milliseconds from the screen being shown to this answer (optional: older kiosks send none). */
export const AnswerMs = Type.Integer({ minimum: 0, maximum: 600_000, description: 'ms from the screen being shown to this answer' });

export const Rating = Type.Object(
  { partId: Uuid, face: Type.Integer({ minimum: 1, maximum: 5 }), ms: Type.Optional(AnswerMs) },
  { additionalProperties: false },
);
export const Choice = Type.Object(
  { pairId: Uuid, picked: Type.Union([Type.Literal('a'), Type.Literal('b')]), ms: Type.Optional(AnswerMs) },
  { additionalProperties: false },
);

const Coordinate = Type.Number({ minimum: -10_000, maximum: 10_000 });
export const Stroke = Type.Object(
  {
    color: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
    size: Type.Number({ minimum: 1, maximum: 200 }),
    points: Type.Array(Type.Tuple([Coordinate, Coordinate]), { minItems: 1, maxItems: VISIT_LIMITS.pointsPerStrokeMax }),
  },
  { additionalProperties: false },
);

/** A sticker from the fixed set (src/shared/stickers.ts), centred on (x, y), `size` canvas units wide. */
export const Sticker = Type.Object(
  {
    id: Type.Enum(STICKER_IDS, { type: 'string', description: `one of the fixed stickers: ${STICKER_IDS.join(', ')}` }),
    x: Type.Number({ minimum: 0, maximum: VISIT_LIMITS.canvasMax, description: 'centre, in canvas units (0 … width)' }),
    y: Type.Number({ minimum: 0, maximum: VISIT_LIMITS.canvasMax, description: 'centre, in canvas units (0 … height)' }),
    size: Type.Number({ minimum: STICKER_LIMITS.sizeMin, maximum: STICKER_LIMITS.sizeMax, description: 'width (= height) in canvas units' }),
  },
  { additionalProperties: false },
);
export type Sticker = Static<typeof Sticker>;

export const DrawingIdea = Type.Object(
  {
    kind: Type.Literal('drawing'),
    width: Type.Integer({ minimum: 16, maximum: VISIT_LIMITS.canvasMax }),
    height: Type.Integer({ minimum: 16, maximum: VISIT_LIMITS.canvasMax }),
    strokes: Type.Array(Stroke, {
      minItems: 0,
      maxItems: VISIT_LIMITS.strokesMax,
      description: 'at least one stroke, or none when the drawing has stickers',
    }),
    stickers: Type.Optional(
      Type.Array(Sticker, {
        maxItems: STICKER_LIMITS.max,
        description: 'optional (kiosks before stickers send none); drawn above the strokes in this order',
      }),
    ),
  },
  { additionalProperties: false },
);
export const VOICE_MIMES = ['audio/webm', 'audio/ogg', 'audio/mp4', 'audio/wav', 'audio/mpeg'] as const;
export const VoiceIdea = Type.Object(
  {
    kind: Type.Literal('voice'),
    mime: Type.Union([
      Type.Literal('audio/webm'),
      Type.Literal('audio/ogg'),
      Type.Literal('audio/mp4'),
      Type.Literal('audio/wav'),
      Type.Literal('audio/mpeg'),
    ]),
    durationMs: Type.Integer({ minimum: 1, maximum: VISIT_LIMITS.voiceMaxMs }),
    // base64 of at most voiceMaxBytes
    audio: Type.String({ minLength: 8, maxLength: Math.ceil(VISIT_LIMITS.voiceMaxBytes / 3) * 4, pattern: '^[A-Za-z0-9+/]+={0,2}$' }),
  },
  { additionalProperties: false },
);
export const TextIdea = Type.Object(
  { kind: Type.Literal('text'), text: SafeMultilineText({ minLength: 1, maxLength: VISIT_LIMITS.textIdeaMax }) },
  { additionalProperties: false },
);
export const Idea = Type.Union([DrawingIdea, VoiceIdea, TextIdea]);
export type Idea = Static<typeof Idea>;

export const VisitInput = Type.Object(
  {
    id: Uuid,
    activityVersion: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    productId: Uuid,
    locale: Locale,
    ageBand: AgeBand,
    avatar: Type.String({ pattern: '^[a-z0-9-]{1,32}$' }),
    nickname: Type.Optional(NicknameText({ minLength: 1, maxLength: VISIT_LIMITS.nicknameMax })),
    consent: Consent,
    startedAt: Instant,
    completedAt: Instant,
    ratings: Type.Array(Rating, { maxItems: VISIT_LIMITS.ratingsMax }),
    choices: Type.Array(Choice, { maxItems: VISIT_LIMITS.choicesMax }),
    favourites: Type.Array(Uuid, { maxItems: VISIT_LIMITS.favouritesMax }),
    favouriteMs: Type.Optional(
      Type.Array(AnswerMs, { maxItems: VISIT_LIMITS.favouritesMax, description: 'answer time of each favourite, in the order of favourites' }),
    ),
    again: Type.Optional(Again),
    idea: Type.Optional(Idea),
  },
  { additionalProperties: false, $id: 'VisitInput' },
);
export type VisitInput = Static<typeof VisitInput>;

export const VisitAccepted = Type.Object({ visitId: Uuid, ticket: Type.String() }, { $id: 'VisitAccepted' });
export type VisitAccepted = Static<typeof VisitAccepted>;
