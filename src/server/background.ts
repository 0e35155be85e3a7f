import type { Config } from './config.ts';
import type { Database } from '../db/database.ts';
import { tightenDataDir } from './datadir-permissions.ts';
import { DiskScrubber } from './services/disk-scrub.ts';
import { scheduleRetention } from './services/retention.service.ts';
import { scheduleRollupSeal } from './services/rollup-seal.service.ts';
import { schedulePgliteUpkeep } from './services/pglite-upkeep.ts';
import { scheduleStaleSweep } from './services/fleet.service.ts';
import type { AppContext } from './context.ts';

/**
 * What a running server does by itself: the retention job (several instances may run it:
 * its advisory lock lets one do the work), the hourly rollup seal (likewise), the PGlite upkeep (vacuum and
 * analyse: PGlite has no autovacuum) and scrubbing deleted data from the disk.
 * With the app context, also the kiosk fleet sweep (kiosk.stale, one instance at a time) and
 * webhook deliveries (each instance runs a worker; SKIP LOCKED and a lease let one of them
 * attempt a given delivery). Returns a stop function that waits for a scrub or deliveries in progress.
 */
export function startBackgroundJobs(db: Database, config: Config, log: { warn(o: object, m: string): void }, ctx?: Pick<AppContext, 'fleet' | 'events' | 'webhooks'>): () => Promise<void> {
  const stopSweep = ctx ? scheduleStaleSweep(db, ctx.fleet, ctx.events, log) : () => {};
  const webhooks = ctx?.webhooks;
  const stopRetention = scheduleRetention(db, log, config.retentionEveryMinutes * 60_000, config.retentionFirstRunSeconds * 1000);
  // Folds whole past blocks and months of rollups into coarse rows (migration 016): shortly after
  // start, then hourly (a run with nothing new to seal reads one row).
  const stopSeal = scheduleRollupSeal(db, log, 3600 * 1000, config.retentionFirstRunSeconds * 1000);
  // PGlite has no autovacuum or autoanalyze: vacuum the rollups hourly, analyse daily (pglite-upkeep.ts).
  const embedded = !config.databaseUrl;
  // VACUUM FULL writes new table files, and VACUUM may add free-space maps: PGlite creates them 0666.
  const retighten = () => {
    if (embedded) tightenDataDir(config.dataDir);
  };
  const stopUpkeep = schedulePgliteUpkeep(db, log, 3600 * 1000, config.retentionFirstRunSeconds * 1000 + 60_000, retighten);
  const scrubber = new DiskScrubber(db, Math.max(1, config.scrubDelaySeconds) * 1000, log, retighten);
  scrubber.start();
  void webhooks?.start();
  return async () => {
    stopRetention();
    stopSeal();
    stopUpkeep();
    stopSweep();
    await webhooks?.stop();
    await scrubber.stop();
  };
}
