import { StickerArt } from '../../shared/StickerLayer.tsx';
import { STICKERS, STICKER_IDS, STICKER_LIMITS, type PlacedSticker, type StickerId } from '../../shared/stickers.ts';
import { en, zh } from '../lib/i18n-stickers.ts';
import type { Locale } from '../lib/i18n.ts';
import { speak } from '../lib/speech.ts';
import { Icon } from './Faces.tsx';

/** Sizes a child can pick with − and + (canvas units; the contract allows a wider range). */
export const KIOSK_STICKER_SIZES = [64, 96, 140, 200, 280, 380] as const;
export const DEFAULT_STICKER_SIZE = KIOSK_STICKER_SIZES[2];

export function stickerMessages(locale: Locale) {
  return locale === 'en' ? en : zh;
}

/** The next size up (+1) or down (−1) from a sticker's size, or null at the end of the range. */
export function nextStickerSize(size: number, step: 1 | -1): number | null {
  if (step > 0) return KIOSK_STICKER_SIZES.find((s) => s > size) ?? null;
  return [...KIOSK_STICKER_SIZES].reverse().find((s) => s < size) ?? null;
}

/** The topmost sticker under a canvas point, or -1. */
export function stickerAt(stickers: readonly PlacedSticker[], x: number, y: number): number {
  for (let i = stickers.length - 1; i >= 0; i--) {
    const s = stickers[i]!;
    if (Math.abs(x - s.x) <= s.size / 2 && Math.abs(y - s.y) <= s.size / 2) return i;
  }
  return -1;
}

/**
 * The tray beside the canvas: a picture button per sticker (tap to place one), a read-aloud
 * button for the tray's prompt, and −, + and remove for the sticker last touched.
 */
export function StickerTray(props: {
  locale: Locale;
  count: number;
  selected: PlacedSticker | null;
  onPick: (id: StickerId) => void;
  onResize: (step: 1 | -1) => void;
  onRemove: () => void;
}) {
  const t = stickerMessages(props.locale);
  const full = props.count >= STICKER_LIMITS.max;
  const name = (id: StickerId) => (props.locale === 'en' ? STICKERS[id].en : STICKERS[id].zh);
  const sel = props.selected;
  return (
    <div class="sticker-tray">
      <div class="sticker-tray-head">
        <button type="button" class="round-button sticker-hear" aria-label={t.stickerHear} onClick={() => speak(t.stickerPrompt, props.locale)}>
          <Icon name="speaker" />
        </button>
        <svg class="sticker-tray-picture" viewBox="0 0 100 100" aria-hidden="true" focusable="false">
          <StickerArt id="star" />
        </svg>
      </div>
      <div class="sticker-picks" role="group" aria-label={t.stickerTray}>
        {STICKER_IDS.map((id) => (
          <button type="button" class="sticker-pick" aria-label={name(id)} data-sticker={id} disabled={full} onClick={() => props.onPick(id)}>
            <svg viewBox="0 0 100 100" aria-hidden="true" focusable="false">
              <StickerArt id={id} />
            </svg>
          </button>
        ))}
      </div>
      {full ? <p class="sticker-full">{t.stickerFull}</p> : null}
      <div class="sticker-controls">
        <button type="button" class="round-button sticker-smaller" aria-label={t.stickerSmaller} disabled={!sel || nextStickerSize(sel.size, -1) === null} onClick={() => props.onResize(-1)}>
          <span aria-hidden="true">−</span>
        </button>
        <button type="button" class="round-button sticker-bigger" aria-label={t.stickerBigger} disabled={!sel || nextStickerSize(sel.size, 1) === null} onClick={() => props.onResize(1)}>
          <span aria-hidden="true">+</span>
        </button>
        <button type="button" class="round-button sticker-remove" aria-label={t.stickerRemove} disabled={!sel} onClick={props.onRemove}>
          <Icon name="trash" />
        </button>
      </div>
    </div>
  );
}
