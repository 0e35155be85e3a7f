import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { UsageError } from '../cli-error.ts';

/**
 * A backup is one file: a magic line, a JSON manifest line, then the engine's own dump
 * (PGlite: the data directory as a gzipped tarball; PostgreSQL: pg_dump's custom format).
 * The manifest says which engine can restore it and lets restore check the payload is whole.
 */
export const MAGIC = 'LITTLE-ADVISORS-BACKUP 1';
const MAX_HEADER = 64 * 1024;

export type BackupEngine = 'pglite' | 'postgres';

export interface Manifest {
  engine: BackupEngine;
  createdAt: string;
  appVersion: string;
  /** Migrations applied in the backed-up database. */
  migrations: string[];
  payload: 'pglite-datadir.tar.gz' | 'pg_dump-custom';
  bytes: number;
  sha256: string;
}

export function encodeHeader(manifest: Manifest): Buffer {
  return Buffer.from(`${MAGIC}\n${JSON.stringify(manifest)}\n`, 'utf8');
}

export class BadBackupError extends UsageError {}

/** Reads the manifest and where the payload starts; checks nothing about the payload yet. */
export async function readHeader(path: string): Promise<{ manifest: Manifest; offset: number; size: number }> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const buf = Buffer.alloc(Math.min(MAX_HEADER, size));
    await fh.read(buf, 0, buf.length, 0);
    const first = buf.indexOf(0x0a);
    const second = first < 0 ? -1 : buf.indexOf(0x0a, first + 1);
    if (first < 0 || buf.subarray(0, first).toString('utf8') !== MAGIC || second < 0) {
      throw new BadBackupError(`${path} is not a Little Advisors backup (made by "little-advisors backup")`);
    }
    let manifest: Manifest;
    try {
      manifest = JSON.parse(buf.subarray(first + 1, second).toString('utf8')) as Manifest;
    } catch {
      throw new BadBackupError(`${path}: the backup's manifest is damaged`);
    }
    if ((manifest.engine !== 'pglite' && manifest.engine !== 'postgres') || typeof manifest.bytes !== 'number' || typeof manifest.sha256 !== 'string') {
      throw new BadBackupError(`${path}: the backup's manifest is not one this version understands`);
    }
    const offset = second + 1;
    if (size - offset !== manifest.bytes) throw new BadBackupError(`${path} is incomplete: ${size - offset} of ${manifest.bytes} bytes (was it copied whole?)`);
    return { manifest, offset, size };
  } finally {
    await fh.close();
  }
}

/** Hashes the payload in one pass over the file; throws when it does not match the manifest. */
export async function verifyPayload(path: string, offset: number, manifest: Manifest): Promise<void> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { start: offset })) hash.update(chunk as Buffer);
  if (hash.digest('hex') !== manifest.sha256) throw new BadBackupError(`${path} is damaged: its content does not match its checksum`);
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
