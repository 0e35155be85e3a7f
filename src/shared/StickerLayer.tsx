import { STICKERS, stickerTransform, type PlacedSticker, type StickerId } from './stickers.ts';

/** The art of one sticker in its 100 × 100 box (the kiosk's tray shows it on its own). */
export function StickerArt({ id }: { id: StickerId }) {
  return (
    <>
      {STICKERS[id].parts.map((p) => (
        <path
          d={p.d}
          fill={p.fill}
          {...(p.stroke ? { stroke: p.stroke, 'stroke-width': p.width ?? 4, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' } : {})}
        />
      ))}
    </>
  );
}

/**
 * The one renderer of a drawing's stickers, inside the drawing's <svg> after its strokes:
 * every front end (kiosk, dashboard, family page, board, wall) uses it, so a sticker looks the
 * same and sits in the same place everywhere. Only ids from the fixed table are drawn.
 */
export function StickerLayer({ stickers, selected }: { stickers: readonly PlacedSticker[]; selected?: number | null }) {
  if (stickers.length === 0) return null;
  return (
    <g class="stickers">
      {stickers.map((s, i) => (
        <g class={i === selected ? 'sticker selected' : 'sticker'} data-sticker={s.id} transform={stickerTransform(s)}>
          <StickerArt id={s.id} />
        </g>
      ))}
    </g>
  );
}
