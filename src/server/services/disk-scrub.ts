import type { Database } from '../../db/database.ts';
import { getSetting, putSetting } from '../../db/repositories/settings.repository.ts';

/** Tables whose rows hold what a family deletion or the retention job removes. */
const TOUCHED_TABLES = ['media', 'ideas', 'idea_tags', 'favourites', 'ratings', 'choices', 'visits'];
const WATERMARK = 'scrub_watermark';

interface Log {
  warn(o: object, m: string): void;
  info?(o: object, m: string): void;
}

/**
 * A DELETE only marks rows dead: their bytes stay in the table files, and the WAL keeps
 * the insert, until the space is reused. After a family deletion or a retention run this
 * rewrites the touched tables and moves the WAL on, so the data is gone from disk too:
 *   PGlite:     VACUUM FULL (rewrites the files, the old ones are unlinked), then a WAL
 *               switch and a CHECKPOINT with WAL recycling off, so old segments are
 *               removed rather than renamed with their contents.
 *   PostgreSQL: a plain VACUUM (no exclusive lock on a shared server) and a CHECKPOINT
 *               where the role may; its WAL archive and backups are the operator's (docs/PRIVACY.md).
 * It watches the deletion records (tombstones, retention log) rather than being called
 * from each request, so a burst of deletions costs one scrub, whoever deleted.
 */
export class DiskScrubber {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** Completed scrubs (for tests). */
  runs = 0;

  constructor(
    private readonly db: Database,
    private readonly everyMs: number,
    private readonly log: Log,
    private readonly afterScrub: () => void = () => {},
  ) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.checkAndScrub()
        .then(() => undefined)
        .catch((err) => this.log.warn({ err: String(err) }, 'scrubbing deleted data failed'))
        .finally(() => {
          this.running = null;
          if (!this.stopped) {
            this.timer = setTimeout(tick, this.everyMs);
            this.timer.unref();
          }
        });
    };
    this.timer = setTimeout(tick, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Scrubs when something was deleted since the last scrub; true when it did. */
  async checkAndScrub(): Promise<boolean> {
    const { rows } = await this.db.query<{ last: Date | null }>(
      `select greatest((select max(deleted_at) from visit_tombstones), (select max(at) from retention_log)) as last`,
    );
    const last = rows[0]?.last ? new Date(rows[0].last).toISOString() : null;
    if (!last) return false;
    const before = (await getSetting<string>(this.db, WATERMARK)) ?? null;
    if (before && before >= last) return false;
    // Moving the watermark claims the scrub: of several instances on one PostgreSQL, one does it.
    const claim = await this.db.query(
      `insert into settings as s (key, value) values ($1, to_jsonb($2::text))
       on conflict (key) do update set value = excluded.value where (s.value #>> '{}') < $2 returning key`,
      [WATERMARK, last],
    );
    if (!claim.rows.length) return false;
    try {
      await this.scrub();
    } catch (err) {
      // Give the claim back so the next tick tries again.
      await putSetting(this.db, WATERMARK, before ?? '').catch(() => {});
      throw err;
    }
    this.runs++;
    this.afterScrub();
    return true;
  }

  private async scrub(): Promise<void> {
    const { rows } = await this.db.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind = 'r' and c.relname = any($1::text[])`,
      [TOUCHED_TABLES],
    );
    const tables = rows.map((r) => `"${r.name}"`).join(', ');
    if (!tables) return;
    if (this.db.engine === 'pglite') {
      await this.db.exec(`vacuum full ${tables}`);
      await this.db.exec('set wal_recycle = off');
      await this.db.query('select pg_switch_wal()');
      await this.db.exec('checkpoint');
      return;
    }
    await this.db.exec(`vacuum ${tables}`);
    await this.db.exec('checkpoint').catch(() => {
      // CHECKPOINT needs superuser or pg_checkpoint; the server's own checkpoints follow soon anyway.
    });
  }
}
