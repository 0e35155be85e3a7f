import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirPermissionError extends Error {}

/**
 * DATA_DIR holds the ticket secret, voice, nicknames and password hashes. It is created
 * 0700 with files 0600; a directory others may write to is refused (someone else could
 * swap files in it), and one others may only read is tightened. PGlite creates its files
 * 0666 whatever the umask, so the tree is tightened again after it opens and after each
 * scrub (tightenDataDir); the 0700 directory is what keeps others out in between.
 */
export function secureDataDir(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const st = statSync(dataDir);
  if (!st.isDirectory()) throw new DataDirPermissionError(`DATA_DIR ${dataDir} is not a directory`);
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    throw new DataDirPermissionError(`DATA_DIR ${dataDir} belongs to another user (uid ${st.uid}): give this server its own directory`);
  }
  if (st.mode & 0o022) {
    throw new DataDirPermissionError(
      `DATA_DIR ${dataDir} can be written by other users (mode ${(st.mode & 0o777).toString(8)}): it holds children's data and secrets. ` +
        `Fix it with "chmod 700 ${dataDir}" (after checking nobody changed its files), then start again.`,
    );
  }
  tightenDataDir(dataDir);
}

/** Directories 0700, files 0600, all the way down (symlinks are left alone, not followed). */
export function tightenDataDir(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) tightenDataDir(path);
    else if (entry.isFile() && (lstatSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
}
