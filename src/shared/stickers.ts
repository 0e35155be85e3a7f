// No runtime imports here: the kiosk's drawing chunk includes this file.
/**
 * The fixed set of stickers a child may put on a drawing: ids, names (zh-CN and en) and the
 * art as plain SVG path data in a 100 × 100 box. Everything that shows a drawing (kiosk,
 * dashboard, family page, board, wall) draws a sticker from this table only; a stored
 * drawing carries nothing but {id, x, y, size}, so no markup ever comes from a child.
 */

/** The art of every sticker is drawn in this square (SVG user units). */
export const STICKER_BOX = 100;

export const STICKER_LIMITS = {
  /** Stickers per drawing. */
  max: 20,
  /** Width (= height) of a placed sticker, in the drawing's canvas units. */
  sizeMin: 24,
  sizeMax: 480,
} as const;

export const STICKER_IDS = ['star', 'heart', 'wheel', 'sun', 'rocket', 'flower', 'smiley', 'lightning', 'note', 'rainbow', 'car'] as const;
export type StickerId = (typeof STICKER_IDS)[number];

export interface StickerPart {
  d: string;
  fill: string;
  stroke?: string;
  width?: number;
}

export interface StickerArt {
  en: string;
  zh: string;
  parts: readonly StickerPart[];
}

const INK = '#3a2a1a';
const circle = (cx: number, cy: number, r: number) => `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0Z`;
const arc = (r: number) => `M${50 - r} 80A${r} ${r} 0 0 1 ${50 + r} 80`;

export const STICKERS: Record<StickerId, StickerArt> = {
  star: {
    en: 'Star',
    zh: '星星',
    parts: [{ d: 'M50 7L61.8 36.8L93.7 38.8L69 59.2L77 90.2L50 73L23 90.2L31 59.2L6.3 38.8L38.2 36.8Z', fill: '#ffc53d', stroke: '#b7791f', width: 4 }],
  },
  heart: {
    en: 'Heart',
    zh: '爱心',
    parts: [{ d: 'M50 88C20 66 6 50 6 32C6 18 17 8 30 8C39 8 46 13 50 21C54 13 61 8 70 8C83 8 94 18 94 32C94 50 80 66 50 88Z', fill: '#e5484d', stroke: '#a3212a', width: 4 }],
  },
  wheel: {
    en: 'Wheel',
    zh: '车轮',
    parts: [
      { d: circle(50, 50, 44), fill: '#2b2f36' },
      { d: circle(50, 50, 27), fill: '#c9ced6' },
      { d: 'M47 24h6v52h-6zM24 47h52v6h-52z', fill: '#6b7280' },
      { d: circle(50, 50, 9), fill: '#2b2f36' },
    ],
  },
  sun: {
    en: 'Sun',
    zh: '太阳',
    parts: [
      {
        d: 'M79.3 43.5L97 50L79.3 56.5ZM75.3 66.1L83.2 83.2L66.1 75.3ZM56.5 79.3L50 97L43.5 79.3ZM33.9 75.3L16.8 83.2L24.7 66.1ZM20.7 56.5L3 50L20.7 43.5ZM24.7 33.9L16.8 16.8L33.9 24.7ZM43.5 20.7L50 3L56.5 20.7ZM66.1 24.7L83.2 16.8L75.3 33.9Z',
        fill: '#f76b15',
      },
      { d: circle(50, 50, 26), fill: '#ffc53d', stroke: '#f76b15', width: 4 },
    ],
  },
  rocket: {
    en: 'Rocket',
    zh: '火箭',
    parts: [
      { d: 'M40 68L50 95L60 68Z', fill: '#f76b15' },
      { d: 'M34 50L16 76L35 70ZM66 50L84 76L65 70Z', fill: '#e5484d', stroke: INK, width: 3 },
      { d: 'M50 5C67 20 71 42 66 70H34C29 42 33 20 50 5Z', fill: '#eef1f5', stroke: INK, width: 3 },
      { d: circle(50, 38, 9), fill: '#0090ff', stroke: INK, width: 3 },
    ],
  },
  flower: {
    en: 'Flower',
    zh: '小花',
    parts: [
      {
        d: 'M32 26a18 18 0 1 0 36 0a18 18 0 1 0 -36 0ZM54.8 42.6a18 18 0 1 0 36 0a18 18 0 1 0 -36 0ZM46.1 69.4a18 18 0 1 0 36 0a18 18 0 1 0 -36 0ZM17.9 69.4a18 18 0 1 0 36 0a18 18 0 1 0 -36 0ZM9.2 42.6a18 18 0 1 0 36 0a18 18 0 1 0 -36 0Z',
        fill: '#ff8dc7',
      },
      { d: circle(50, 50, 15), fill: '#ffc53d', stroke: '#f76b15', width: 3 },
    ],
  },
  smiley: {
    en: 'Smiley face',
    zh: '笑脸',
    parts: [
      { d: circle(50, 50, 44), fill: '#ffd23f', stroke: '#b7791f', width: 4 },
      { d: `${circle(35, 40, 6)}${circle(65, 40, 6)}`, fill: INK },
      { d: 'M28 60Q50 84 72 60', fill: 'none', stroke: INK, width: 6 },
    ],
  },
  lightning: {
    en: 'Lightning',
    zh: '闪电',
    parts: [{ d: 'M60 4L20 56H46L38 96L80 40H54Z', fill: '#ffc53d', stroke: '#b7791f', width: 4 }],
  },
  note: {
    en: 'Music note',
    zh: '音符',
    parts: [{ d: `M38 22L84 12V24L44 33V72H38ZM78 13H84V63H78Z${circle(31, 74, 12)}${circle(71, 65, 12)}`, fill: '#8e4ec6' }],
  },
  rainbow: {
    en: 'Rainbow',
    zh: '彩虹',
    parts: [
      { d: arc(42), fill: 'none', stroke: '#e5484d', width: 8 },
      { d: arc(34), fill: 'none', stroke: '#f76b15', width: 8 },
      { d: arc(26), fill: 'none', stroke: '#ffc53d', width: 8 },
      { d: arc(18), fill: 'none', stroke: '#30a46c', width: 8 },
      { d: arc(10), fill: 'none', stroke: '#0090ff', width: 8 },
    ],
  },
  car: {
    en: 'Car',
    zh: '小汽车',
    parts: [
      { d: 'M8 66V52L22 47L33 30H67L79 47L92 52V66Z', fill: '#0090ff', stroke: INK, width: 3 },
      { d: 'M37 35H48V47H29ZM52 35H63L71 47H52Z', fill: '#dff3ff' },
      { d: `${circle(28, 67, 11)}${circle(72, 67, 11)}`, fill: '#2b2f36' },
      { d: `${circle(28, 67, 4)}${circle(72, 67, 4)}`, fill: '#c9ced6' },
    ],
  },
};

/** A sticker on a drawing: its centre (x, y) and its width in the drawing's canvas units. */
export interface PlacedSticker {
  id: StickerId;
  x: number;
  y: number;
  size: number;
}

export function isStickerId(v: unknown): v is StickerId {
  return typeof v === 'string' && (STICKER_IDS as readonly string[]).includes(v);
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The SVG transform that puts a sticker's 100 × 100 art centred on (x, y), `size` wide. */
export function stickerTransform(s: PlacedSticker): string {
  const k = s.size / STICKER_BOX;
  return `translate(${round(s.x - s.size / 2)} ${round(s.y - s.size / 2)}) scale(${round(k * 1000) / 1000})`;
}

/** The first problem with a drawing's stickers on a canvas of this size, or null. */
export function stickerProblem(stickers: readonly { id: string; x: number; y: number; size: number }[], width: number, height: number): string | null {
  if (stickers.length > STICKER_LIMITS.max) return `a drawing may have at most ${STICKER_LIMITS.max} stickers`;
  for (const [i, s] of stickers.entries()) {
    if (!isStickerId(s.id)) return `sticker ${i} has an unknown id "${String(s.id).slice(0, 32)}" (known: ${STICKER_IDS.join(', ')})`;
    if (!(s.x >= 0 && s.x <= width && s.y >= 0 && s.y <= height)) return `sticker ${i} must have its centre on the ${width} × ${height} canvas`;
    if (!(s.size >= STICKER_LIMITS.sizeMin && s.size <= STICKER_LIMITS.sizeMax)) return `sticker ${i} size must be between ${STICKER_LIMITS.sizeMin} and ${STICKER_LIMITS.sizeMax}`;
  }
  return null;
}

/**
 * A stored drawing's stickers, re-checked before they are drawn: anything that is not a known
 * id with finite numbers in range is dropped rather than trusted (the drawings were validated
 * when stored, and the result goes into HTML). Drawings without stickers give [].
 */
export function placedStickers(raw: unknown, width: number, height: number): PlacedSticker[] {
  if (!Array.isArray(raw)) return [];
  const out: PlacedSticker[] = [];
  for (const s of raw.slice(0, STICKER_LIMITS.max)) {
    if (!s || typeof s !== 'object') continue;
    const { id, x, y, size } = s as Record<string, unknown>;
    if (!isStickerId(id) || typeof x !== 'number' || typeof y !== 'number' || typeof size !== 'number') continue;
    if (stickerProblem([{ id, x, y, size }], width, height)) continue;
    out.push({ id, x, y, size });
  }
  return out;
}
