import type { Database } from '../../db/database.ts';
import { audit } from '../../db/repositories/staff.repository.ts';
import { getSetting } from '../../db/repositories/settings.repository.ts';
import { schedulePeriodic } from './periodic.ts';

export interface Retention {
  voiceDays: number;
  drawingDays: number;
}

export const DEFAULT_RETENTION: Retention = { voiceDays: 90, drawingDays: 365 };
const RETENTION_LOCK = 7_301_002;

export async function retentionSettings(db: Database): Promise<Retention> {
  return { ...DEFAULT_RETENTION, ...((await getSetting<Partial<Retention>>(db, 'retention')) ?? {}) };
}

/**
 * Deletes voice recordings, drawings, typed ideas and nicknames older than the retention periods and logs what it
 * did. Answers carry no personal data and are kept. Safe to run on several instances at
 * once: an advisory lock lets one of them do the work.
 */
export async function runRetention(db: Database, now = new Date()): Promise<{ voice: number; drawings: number; texts: number; nicknames: number } | null> {
  const r = await retentionSettings(db);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1) as ok', [RETENTION_LOCK]);
    if (!rows[0]?.ok) return null;
    const voice = await tx.query(
      `delete from media where created_at < $1::timestamptz - make_interval(days => $2) returning id`,
      [now.toISOString(), r.voiceDays],
    );
    const drawings = await tx.query(
      `update ideas set drawing = null, flags = array_append(flags, 'drawing_expired'), updated_at = now()
        where kind = 'drawing' and drawing is not null and created_at < $1::timestamptz - make_interval(days => $2) returning id`,
      [now.toISOString(), r.drawingDays],
    );
    // Typed ideas and nicknames follow the drawings' period: nothing a child wrote is kept
    // for ever (COPPA 2025: no indefinite retention; docs/PRIVACY.md).
    const texts = await tx.query(
      `update ideas set text = null, flags = array_append(flags, 'text_expired'), updated_at = now()
        where kind = 'text' and text is not null and created_at < $1::timestamptz - make_interval(days => $2) returning id`,
      [now.toISOString(), r.drawingDays],
    );
    const nicknames = await tx.query(
      `update visits set nickname = null where nickname is not null and completed_at < $1::timestamptz - make_interval(days => $2) returning id`,
      [now.toISOString(), r.drawingDays],
    );
    const counts = { voice: voice.rows.length, drawings: drawings.rows.length, texts: texts.rows.length, nicknames: nicknames.rows.length };
    if (counts.voice) await tx.query(`insert into retention_log (kind, items) values ('voice', $1)`, [counts.voice]);
    if (counts.drawings) await tx.query(`insert into retention_log (kind, items) values ('drawing', $1)`, [counts.drawings]);
    if (counts.texts) await tx.query(`insert into retention_log (kind, items) values ('text', $1)`, [counts.texts]);
    if (counts.nicknames) await tx.query(`insert into retention_log (kind, items) values ('nickname', $1)`, [counts.nicknames]);
    if (counts.voice || counts.drawings || counts.texts || counts.nicknames) await audit(tx, 'retention', 'retention.deleted', null, counts);
    return counts;
  });
}

/** Runs retention shortly after start and then every `everyMs` (daily by default); returns a stop function. */
export function scheduleRetention(db: Database, log: { warn: (o: object, m: string) => void }, everyMs = 24 * 3600 * 1000, firstMs = 5_000): () => void {
  const run = () => void runRetention(db).catch((err) => log.warn({ err: String(err) }, 'retention run failed'));
  return schedulePeriodic(run, firstMs, everyMs);
}
