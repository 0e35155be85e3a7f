import { Type, type Static } from 'typebox';
import { Localized } from './kiosk-config.ts';

export const TicketView = Type.Object(
  {
    ticket: Type.String(),
    date: Type.String({ format: 'date-time' }),
    locale: Type.String(),
    ageBand: Type.String(),
    showroom: Type.Object({ slug: Type.String(), name: Localized }),
    product: Type.Object({ id: Type.String(), key: Type.String(), name: Localized, picture: Type.String() }),
    avatar: Type.Object({ key: Type.String(), name: Localized, picture: Type.Union([Type.String(), Type.Null()]) }),
    nickname: Type.Union([Type.String(), Type.Null()]),
    consent: Type.Object({ gallery: Type.Boolean(), voice: Type.Boolean(), nickname: Type.Boolean(), textVersion: Type.String() }),
    ratings: Type.Array(Type.Object({ partId: Type.String(), partKey: Type.String(), name: Localized, face: Type.Integer() })),
    favourites: Type.Array(Type.Object({ partId: Type.String(), partKey: Type.String(), name: Localized, rank: Type.Integer() })),
    choices: Type.Array(Type.Object({ pairId: Type.String(), prompt: Localized, picked: Type.String(), label: Localized })),
    again: Type.Union([Type.String(), Type.Null()]),
    idea: Type.Union([
      Type.Null(),
      Type.Object({
        kind: Type.String(),
        text: Type.Union([Type.String(), Type.Null()]),
        drawing: Type.Union([Type.Unknown(), Type.Null()]),
        hasVoice: Type.Boolean(),
        moderation: Type.String(),
        public: Type.Optional(Type.Boolean({ description: 'approved and shown on the public board (the grown-up agreed, under a consent version that names the board)' })),
        status: Type.String(),
        reply: Type.Union([Localized, Type.Null()]),
      }),
    ]),
  },
  { $id: 'TicketView' },
);
export type TicketView = Static<typeof TicketView>;
