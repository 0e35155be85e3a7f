import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { UsageError } from '../cli-error.ts';
import { openDatabase } from '../db/open.ts';
import { openPglite } from '../db/pglite.ts';
import { inventory, userObjectCount, type Inventory } from '../db/repositories/inventory.repository.ts';
import { DataDirBusyError, acquireLock, localServerUrl, readLocalSecret, readLock } from '../server/datadir-lock.ts';
import type { Config } from '../server/config.ts';
import { VERSION } from '../version.ts';
import { encodeHeader, readHeader, sha256Hex, verifyPayload, type Manifest } from './format.ts';
import { connectionArgs, requirePgTool, runPgTool } from './pg-tools.ts';

/** Files the server writes into DATA_DIR while it runs: never part of a backup's meaning. */
const RUNTIME_FILES = new Set(['.little-advisors.lock', '.local-admin-secret']);

export interface BackupResult {
  path: string;
  manifest: Manifest;
}

function defaultName(engine: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `little-advisors-${engine}-${stamp}.backup`;
}

/**
 * Writes to FILE.partial (owner-only: a backup holds children's voices and the ticket secret)
 * and renames at the end, so a failed backup never leaves a file that looks whole.
 */
async function writeBackupFile(out: string, force: boolean, write: (partial: string) => Promise<void>): Promise<void> {
  if (existsSync(out) && !force) throw new UsageError(`${out} exists; give another --out FILE, or --force to replace it`);
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  try {
    await write(partial);
    renameSync(partial, out);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

async function writeWhole(partial: string, parts: Array<Buffer | string>): Promise<void> {
  const fh = await open(partial, 'wx', 0o600);
  try {
    for (const p of parts) {
      if (typeof p === 'string') await pipeline(createReadStream(p), createWriteStream('', { fd: fh.fd, autoClose: false }));
      else await fh.write(p);
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export async function backup(config: Config, opts: { out?: string; force?: boolean }): Promise<BackupResult> {
  const engine = config.databaseUrl ? 'postgres' : 'pglite';
  const out = resolve(opts.out ?? defaultName(engine));
  let manifest: Manifest;
  if (engine === 'pglite') {
    const { tarball, migrations } = await dumpPglite(config);
    manifest = { engine, createdAt: new Date().toISOString(), appVersion: VERSION, migrations, payload: 'pglite-datadir.tar.gz', bytes: tarball.length, sha256: sha256Hex(tarball) };
    await writeBackupFile(out, Boolean(opts.force), (partial) => writeWhole(partial, [encodeHeader(manifest), tarball]));
  } else {
    const pgDump = requirePgTool('pg_dump');
    const db = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 1 });
    let migrations: string[];
    try {
      migrations = (await inventory(db)).migrations;
    } finally {
      await db.close();
    }
    const dumpFile = `${out}.dump.partial`;
    const { dbname, env } = connectionArgs(config.databaseUrl!);
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      const fh = await open(dumpFile, 'w', 0o600);
      const sink = createWriteStream('', { fd: fh.fd });
      const counting = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      counting.pipe(sink);
      // UNLOGGED rate-limit counters are throwaway; the rest is the whole database, media included.
      await runPgTool(pgDump, ['--format=custom', '--no-owner', '--no-acl', '--no-unlogged-table-data', `--dbname=${dbname}`], { env, stdout: counting });
      await finished(sink);
      manifest = { engine, createdAt: new Date().toISOString(), appVersion: VERSION, migrations, payload: 'pg_dump-custom', bytes, sha256: hash.digest('hex') };
      const header = encodeHeader(manifest);
      await writeBackupFile(out, Boolean(opts.force), (partial) => writeWhole(partial, [header, dumpFile]));
    } finally {
      rmSync(dumpFile, { force: true });
    }
  }
  return { path: out, manifest };
}

/** On PGlite the running server must take the copy (it holds the directory); a stopped one we open ourselves. */
async function dumpPglite(config: Config): Promise<{ tarball: Buffer; migrations: string[] }> {
  const holder = readLock(config.dataDir);
  if (holder?.purpose === 'server') {
    const secret = readLocalSecret(config.dataDir);
    if (!secret) throw new UsageError(`the server (pid ${holder.pid}) is starting; try again in a moment`);
    const url = localServerUrl(holder, '/internal/backup');
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-local-secret': secret }, body: '{}' });
    } catch (err) {
      throw new UsageError(`could not reach the running server at ${url}: ${(err as Error).message}`);
    }
    if (!res.ok) {
      const json = (await res.json().catch(() => ({}))) as { error?: { message: string } };
      throw new UsageError(json.error?.message ?? `the server answered ${res.status}`);
    }
    const migrations = (res.headers.get('x-migrations') ?? '').split(',').filter(Boolean);
    return { tarball: Buffer.from(await res.arrayBuffer()), migrations };
  }
  if (!existsSync(join(config.dataDir, 'PG_VERSION'))) {
    throw new UsageError(`there is no database in ${config.dataDir}: set DATA_DIR to the server's data directory (or DATABASE_URL for PostgreSQL)`);
  }
  const release = lockForCli(config.dataDir, 'backup');
  try {
    const db = await openPglite(config.dataDir);
    try {
      const { migrations } = await inventory(db);
      return { tarball: await db.dumpDataDir!(), migrations };
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

function lockForCli(dataDir: string, purpose: string): () => void {
  try {
    return acquireLock(dataDir, { port: 0, host: '', https: false, purpose: 'cli' });
  } catch (err) {
    if (err instanceof DataDirBusyError) {
      throw new UsageError(
        err.holder.purpose === 'server'
          ? `the server (pid ${err.holder.pid}) is running on ${dataDir}: stop it before "${purpose}"`
          : `${err.message} before "${purpose}"`,
      );
    }
    throw err;
  }
}

export interface RestoreResult {
  manifest: Manifest;
  target: string;
  contents: Inventory;
}

export async function restore(config: Config, file: string, opts: { force?: boolean }): Promise<RestoreResult> {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`no backup file at ${path}`);
  const { manifest, offset } = await readHeader(path);
  const engine = config.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.engine !== engine) {
    throw new UsageError(
      manifest.engine === 'pglite'
        ? 'this is a backup of the embedded PGlite database: restore it without DATABASE_URL, into a fresh DATA_DIR'
        : 'this is a backup of a PostgreSQL database: set DATABASE_URL to an empty database to restore it into',
    );
  }
  await verifyPayload(path, offset, manifest);
  return engine === 'pglite' ? restorePglite(config, path, offset, manifest, Boolean(opts.force)) : restorePostgres(config, path, offset, manifest, Boolean(opts.force));
}

async function restorePglite(config: Config, path: string, offset: number, manifest: Manifest, force: boolean): Promise<RestoreResult> {
  const dir = config.dataDir;
  const release = lockForCli(dir, 'restore');
  try {
    const present = readdirSync(dir).filter((f) => !RUNTIME_FILES.has(f));
    if (present.length > 0) {
      // --force replaces a database, never a directory of something else (a DATA_DIR set by mistake).
      if (!present.includes('PG_VERSION')) throw new UsageError(`${dir} is not empty and holds no Little Advisors database: restore into a new, empty DATA_DIR`);
      if (!force) throw new UsageError(`${dir} already holds a database: restore into a new, empty DATA_DIR, or give --force to replace this one (back it up first)`);
      for (const f of present) rmSync(join(dir, f), { recursive: true, force: true });
    }
    const tarball = (await readFile(path)).subarray(offset);
    let contents: Inventory;
    try {
      const db = await openPglite(dir, { loadDataDir: new Blob([tarball]) });
      try {
        contents = await inventory(db);
      } finally {
        await db.close();
      }
    } catch (err) {
      // Leave the directory empty rather than half-loaded, so the next try needs no --force.
      for (const f of readdirSync(dir)) if (!RUNTIME_FILES.has(f)) rmSync(join(dir, f), { recursive: true, force: true });
      throw new UsageError(`the backup could not be loaded into ${dir}: ${(err as Error).message}`);
    }
    // The copy was taken from a running server: its lock and local secret came along and mean nothing here.
    rmSync(join(dir, '.local-admin-secret'), { force: true });
    return { manifest, target: dir, contents };
  } finally {
    release();
  }
}

async function restorePostgres(config: Config, path: string, offset: number, manifest: Manifest, force: boolean): Promise<RestoreResult> {
  const pgRestore = requirePgTool('pg_restore');
  const db = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 1 });
  try {
    if ((await userObjectCount(db)) > 0 && !force) {
      throw new UsageError('the database in DATABASE_URL is not empty: restore into a new, empty database (createdb …), or give --force to replace what it holds (stop the servers first)');
    }
    const { dbname, env } = connectionArgs(config.databaseUrl!);
    const args = ['--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', ...(force ? ['--clean', '--if-exists'] : []), `--dbname=${dbname}`];
    await runPgTool(pgRestore, args, { env, stdin: createReadStream(path, { start: offset }) });
    return { manifest, target: 'DATABASE_URL', contents: await inventory(db) };
  } finally {
    await db.close();
  }
}
