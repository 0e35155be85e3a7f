/**
 * What two ideas are compared on: sets of shingles that survive the small edits a flood uses
 * to dodge an exact-match filter (case, punctuation, zero-width and bidi characters, spacing,
 * swapped words, jittered strokes) but still tell different ideas apart.
 */

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}]) +(?=[${CJK}])`, 'gu');
const CJK_WORD = new RegExp(`^[${CJK}]+$`, 'u');

/**
 * NFKC (full-width → ASCII, compatibility forms), lower case, format characters (zero-width,
 * bidi controls, soft hyphen: \p{Cf}) dropped, punctuation and symbols inside a word dropped
 * ("fl.ying" = "flying"), everything else that is not a letter, mark or digit turned into a space, runs of one character capped at two ("soooo" = "soo"), and spaces between
 * CJK characters removed (Chinese has no spaces between words, so they carry no meaning).
 */
export function normaliseIdeaText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\p{Cf}/gu, '')
    .replace(/(?<=[\p{L}\p{N}])[\p{P}\p{S}]+(?=[\p{L}\p{N}])/gu, '')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .replace(/(.)\1{2,}/gu, '$1$1')
    .replace(SPACE_BETWEEN_CJK, '')
    .trim()
    .replace(/ +/g, ' ');
}

/**
 * Character trigrams of each word, padded like PostgreSQL's pg_trgm ("  w", " wo", …, "rd "):
 * the set does not depend on word order, so swapping words changes nothing, while one typo
 * changes at most three trigrams of its word. A run of CJK characters counts as one word and
 * is cut into padded bigrams instead (the usual unit for Chinese text: one character carries
 * about as much as a short Latin word), so one changed character costs two shingles, not three.
 */
export function textShingles(text: string): Set<string> {
  const out = new Set<string>();
  const norm = normaliseIdeaText(text);
  if (!norm) return out;
  for (const word of norm.split(' ')) {
    if (CJK_WORD.test(word)) {
      const chars = ['\u0001', ...word, '\u0002'];
      for (let i = 0; i + 1 < chars.length; i++) out.add(`c${chars[i]}${chars[i + 1]}`);
      continue;
    }
    const chars = ['\u0001', '\u0001', ...word, '\u0002'];
    for (let i = 0; i + 2 < chars.length; i++) out.add(`t${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
  }
  return out;
}

export interface DrawingLike {
  width: number;
  height: number;
  strokes: ReadonlyArray<{ points: ReadonlyArray<readonly [number, number]> }>;
  stickers?: ReadonlyArray<{ id: string; x: number; y: number; size: number }>;
}

/** Cells per side of the quantisation grid: coarse enough that a few pixels of jitter rarely move a point. */
export const DRAWING_GRID = 10;

const SIDE = DRAWING_GRID + 1;

/**
 * The geometry of a drawing, quantised: on two grids offset by half a cell (a point near a cell
 * edge on one grid is mid-cell on the other), each stroke's visited cells and its steps from one
 * cell to the next (which carry direction and order). Colour and pen size are left out on
 * purpose: changing them does not make a copied drawing a different one. The set is bounded by
 * the grid (at most a few thousand shingles) however many points a drawing has, and is built
 * with numbers, so even the largest drawing a kiosk may send costs little.
 */
export function drawingShingles(d: DrawingLike): Set<string> {
  const keys = new Set<number>();
  const w = Math.max(1, d.width);
  const h = Math.max(1, d.height);
  for (const [g, offset] of [0, 0.5].entries()) {
    const base = g * SIDE * SIDE * (SIDE * SIDE + 1);
    const cell = (x: number, y: number) => {
      const cx = Math.min(DRAWING_GRID, Math.max(0, Math.floor((x / w) * DRAWING_GRID + offset)));
      const cy = Math.min(DRAWING_GRID, Math.max(0, Math.floor((y / h) * DRAWING_GRID + offset)));
      return cy * SIDE + cx;
    };
    for (const stroke of d.strokes) {
      let prev = -1;
      const visit = (c: number) => {
        if (c === prev) return;
        keys.add(base + c); // the cell itself
        if (prev >= 0) keys.add(base + SIDE * SIDE * (prev + 1) + c); // the step prev → c
        prev = c;
      };
      const pts = stroke.points;
      for (let i = 0; i < pts.length; i++) {
        const [x, y] = pts[i]!;
        if (i > 0) {
          // Walk long segments in quarter-cell steps, so a stroke drawn with few points and the
          // same stroke drawn with many give (nearly) the same cells.
          const [px, py] = pts[i - 1]!;
          const steps = Math.min(8 * DRAWING_GRID, Math.ceil(Math.max(Math.abs(x - px) / w, Math.abs(y - py) / h) * DRAWING_GRID * 4));
          for (let k = 1; k < steps; k++) visit(cell(px + ((x - px) * k) / steps, py + ((y - py) * k) / steps));
        }
        visit(cell(x, y));
      }
    }
  }
  const out = new Set([...keys].map((k) => `d${k}`));
  for (const st of d.stickers ?? []) for (const k of stickerShingles(st, w, h)) out.add(k);
  return out;
}

/**
 * A sticker as shingles: which sticker it is, and which sticker sits in which cell at about
 * which size (on the same two offset grids as the strokes, sizes in steps of a factor of two),
 * so copies with stickers nudged a little still match, and a drawing made only of stickers
 * has a signature too.
 */
function stickerShingles(s: { id: string; x: number; y: number; size: number }, w: number, h: number): string[] {
  const id = String(s.id).slice(0, 32);
  const band = Math.round(Math.log2(Math.max(1, s.size)));
  const out = [`s${id}`];
  for (const offset of [0, 0.5]) {
    const cx = Math.min(DRAWING_GRID, Math.max(0, Math.floor((s.x / w) * DRAWING_GRID + offset)));
    const cy = Math.min(DRAWING_GRID, Math.max(0, Math.floor((s.y / h) * DRAWING_GRID + offset)));
    out.push(`s${id}@${offset}:${cx},${cy}`, `s${id}@${offset}:${cx},${cy}:${band}`);
  }
  return out;
}
