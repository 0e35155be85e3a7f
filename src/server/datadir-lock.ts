import { openSync, readFileSync, rmSync, writeFileSync, closeSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { secureDataDir } from './datadir-permissions.ts';

/**
 * PGlite is one process per data directory: a second process opening it corrupts it.
 * The server holds this lock file while it runs; it records where the server listens
 * so CLI commands can go through the server instead of opening the directory.
 */
export interface LockInfo {
  pid: number;
  port: number;
  host: string;
  https: boolean;
  startedAt: string;
  purpose: 'server' | 'cli';
}

const LOCK_FILE = '.little-advisors.lock';
const SECRET_FILE = '.local-admin-secret';

export class DataDirBusyError extends Error {
  constructor(readonly holder: LockInfo) {
    super(
      holder.purpose === 'server'
        ? `a Little Advisors server (pid ${holder.pid}) is already running on this data directory; stop it first, or give this one another DATA_DIR`
        : `another little-advisors command (pid ${holder.pid}) is using this data directory; wait for it to finish`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A recycled pid that is not a node process cannot be holding our lock.
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true;
  }
}

/** The live holder of the lock, or null (a lock left by a killed process does not count). */
export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as LockInfo;
    return info.pid !== process.pid && alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export function acquireLock(dataDir: string, info: Omit<LockInfo, 'pid' | 'startedAt'>): () => void {
  secureDataDir(dataDir);
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeFileSync(fd, JSON.stringify({ ...info, pid: process.pid, startedAt: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(dataDir);
      if (holder) throw new DataDirBusyError(holder);
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not take the lock ${path}`);
}

/** Rewrites the lock once the port is known (port 0 means "any free port"). */
export function updateLock(dataDir: string, patch: Partial<LockInfo>): void {
  const path = join(dataDir, LOCK_FILE);
  const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  writeFileSync(path, JSON.stringify({ ...info, ...patch }), { mode: 0o600 });
}

/** Where a CLI command reaches the server that holds the lock (loopback when it listens on all addresses). */
export function localServerUrl(holder: LockInfo, path: string): string {
  const host = holder.host === '0.0.0.0' || holder.host === '::' || !holder.host ? '127.0.0.1' : holder.host;
  return `${holder.https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${holder.port}${path}`;
}

export function writeLocalSecret(dataDir: string, secret: string): void {
  const path = join(dataDir, SECRET_FILE);
  writeFileSync(path, secret, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function readLocalSecret(dataDir: string): string | null {
  const path = join(dataDir, SECRET_FILE);
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : null;
}
