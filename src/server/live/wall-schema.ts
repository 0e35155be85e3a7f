import { Type, type Static } from 'typebox';
import { Localized } from '../../shared/kiosk-config.ts';
import { Sticker } from '../../shared/visit.ts';

/** What a showroom wall shows live: counts only, no personal data. */
export const WallTallies = Type.Object(
  {
    day: Type.String({ description: 'the server-local day the counts are for, YYYY-MM-DD' }),
    visitsToday: Type.Integer({ description: 'little advisors who finished a visit today' }),
    parts: Type.Array(
      Type.Object({
        key: Type.String(),
        name: Localized,
        icon: Type.Union([Type.String(), Type.Null()]),
        loves: Type.Integer({ description: 'ratings of 4 or 5 faces today' }),
        rated: Type.Integer({ description: 'ratings today' }),
      }),
      { description: 'the parts kids loved most today, most loved first' },
    ),
    drawingsKey: Type.String({ description: 'changes when the wall\'s drawings change: fetch the snapshot again' }),
  },
  { $id: 'WallTallies' },
);
export type WallTallies = Static<typeof WallTallies>;

export const WallDrawing = Type.Object({
  id: Type.String(),
  product: Localized,
  width: Type.Number(),
  height: Type.Number(),
  paths: Type.Array(Type.Object({ d: Type.String(), fill: Type.String() })),
  stickers: Type.Optional(Type.Array(Sticker, { description: 'the drawing\'s stickers, drawn from the fixed set (src/shared/stickers.ts)' })),
});
export type WallDrawing = Static<typeof WallDrawing>;

export const WallSnapshot = Type.Object(
  {
    showroom: Type.Object({ slug: Type.String(), name: Localized }),
    tallies: WallTallies,
    drawings: Type.Array(WallDrawing, { description: 'approved drawings whose grown-up agreed to the gallery, newest first' }),
    heard: Type.Object({ url: Type.String(), qr: Type.Object({ size: Type.Integer(), d: Type.String() }) }),
  },
  { $id: 'WallSnapshot' },
);
export type WallSnapshot = Static<typeof WallSnapshot>;

/** One server-sent event's data. */
export interface WallEvent {
  seq: number;
  tallies: WallTallies;
}
