import { dayIn, startOfDayIn } from '../../core/time-zone.ts';
import { reportTimeZone } from '../../db/repositories/visits.repository.ts';
import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import { wallDrawingIds, wallDrawings, wallTallies, type ShowroomPublicRow } from '../../db/repositories/public.repository.ts';
import { drawingToPaths } from '../../family/drawing.ts';
import { qrPath } from '../../family/qr.ts';
import { assetUrl, localized } from '../presenters/localized.ts';
import type { WallDrawing, WallSnapshot, WallTallies } from './wall-schema.ts';

export const WALL_TOP_PARTS = 6;
export const WALL_DRAWINGS = 8;

/** Midnight of today in the server's time zone (TZ): "today" on a wall is the server's day. */
/** "Today" on the wall is the same day the dashboard counts, in REPORT_TIMEZONE. */
export function startOfToday(now = new Date()): Date {
  return startOfDayIn(reportTimeZone(), now);
}

function dayString(d: Date): string {
  return dayIn(reportTimeZone(), d);
}

function keyOf(ids: string[]): string {
  return createHash('sha256').update(ids.join(',')).digest('base64url').slice(0, 12);
}

/** Today's counts of a showroom, as the wall's live events carry them. */
export async function computeTallies(db: Queryable, showroomId: string): Promise<WallTallies> {
  const since = startOfToday();
  const [t, drawings] = await Promise.all([
    wallTallies(db, showroomId, since, WALL_TOP_PARTS),
    wallDrawingIds(db, showroomId, WALL_DRAWINGS),
  ]);
  return {
    day: dayString(since),
    visitsToday: t.visits,
    parts: t.parts.map((p) => ({ key: p.key, name: localized(p.name_zh, p.name_en), icon: assetUrl(p.icon_asset), loves: p.loves, rated: p.rated })),
    drawingsKey: keyOf(drawings),
  };
}

/** Everything a wall needs to start: tallies, drawings (as SVG outlines) and the QR to the board. */
export async function wallSnapshot(db: Queryable, showroom: ShowroomPublicRow, publicUrl: string): Promise<WallSnapshot> {
  const [tallies, rows] = await Promise.all([computeTallies(db, showroom.id), wallDrawings(db, showroom.id, WALL_DRAWINGS)]);
  const drawings: WallDrawing[] = [];
  for (const r of rows) {
    const paths = drawingToPaths(r.drawing);
    if (paths) drawings.push({ id: r.id, product: localized(r.product_name_zh, r.product_name_en), ...paths });
  }
  const url = `${publicUrl}/heard/`;
  const qr = qrPath(url);
  return {
    showroom: { slug: showroom.slug, name: localized(showroom.name_zh, showroom.name_en) },
    tallies: { ...tallies, drawingsKey: keyOf(rows.map((r) => r.id)) },
    drawings,
    heard: { url, qr: { size: qr.size, d: qr.d } },
  };
}
