import { getStroke } from 'perfect-freehand';
import { placedStickers, type PlacedSticker } from '../shared/stickers.ts';

/** A drawing rendered for SVG: its canvas size, one filled outline per stroke, and its stickers (drawn by StickerLayer). */
export interface DrawingPaths {
  width: number;
  height: number;
  paths: Array<{ d: string; fill: string }>;
  stickers: PlacedSticker[];
}

const COLOUR = /^#[0-9a-fA-F]{6}$/;
const MAX_POINTS = 20_000;

function num(v: unknown, min: number, max: number): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : null;
}

/**
 * Turns stored strokes (raw points, as the kiosk recorded them) into the same smooth outlines
 * the child saw (perfect-freehand, the kiosk's settings). Drawings were validated when stored;
 * anything odd here is skipped rather than trusted, since the result goes into HTML.
 */
export function drawingToPaths(drawing: unknown): DrawingPaths | null {
  if (!drawing || typeof drawing !== 'object') return null;
  const d = drawing as { width?: unknown; height?: unknown; strokes?: unknown; stickers?: unknown };
  const width = num(d.width, 16, 4096);
  const height = num(d.height, 16, 4096);
  if (width === null || height === null || !Array.isArray(d.strokes)) return null;
  const paths: DrawingPaths['paths'] = [];
  let budget = MAX_POINTS;
  for (const s of d.strokes.slice(0, 500)) {
    if (!s || typeof s !== 'object') continue;
    const { color, size, points } = s as { color?: unknown; size?: unknown; points?: unknown };
    const sz = num(size, 1, 200);
    if (typeof color !== 'string' || !COLOUR.test(color) || sz === null || !Array.isArray(points)) continue;
    const pts: [number, number][] = [];
    for (const p of points) {
      if (budget-- <= 0) break;
      if (!Array.isArray(p)) continue;
      const x = num(p[0], -10_000, 10_000);
      const y = num(p[1], -10_000, 10_000);
      if (x !== null && y !== null) pts.push([x, y]);
    }
    if (pts.length === 0) continue;
    const outline = getStroke(pts, { size: sz, thinning: 0.5, smoothing: 0.6, streamline: 0.5 });
    if (outline.length === 0) continue;
    let path = '';
    for (let i = 0; i < outline.length; i++) {
      const [x, y] = outline[i]!;
      path += `${i === 0 ? 'M' : 'L'}${x!.toFixed(1)} ${y!.toFixed(1)}`;
    }
    paths.push({ d: path + 'Z', fill: color.toLowerCase() });
  }
  return { width, height, paths, stickers: placedStickers(d.stickers, width, height) };
}
