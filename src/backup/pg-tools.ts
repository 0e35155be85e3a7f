import { spawn } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { UsageError } from '../cli-error.ts';

/** Thrown when a PostgreSQL client tool is missing or fails: the command cannot be done as asked. */
export class PgToolError extends UsageError {}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The tool on PATH, else the newest Debian/Ubuntu install (/usr/lib/postgresql/<major>/bin), else null. */
export function findPgTool(name: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  try {
    const majors = readdirSync('/usr/lib/postgresql').filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
    for (const m of majors) {
      const p = join('/usr/lib/postgresql', m, 'bin', name);
      if (executable(p)) return p;
    }
  } catch {
    // no Debian-style install
  }
  return null;
}

export function requirePgTool(name: 'pg_dump' | 'pg_restore'): string {
  const path = findPgTool(name);
  if (!path) {
    throw new PgToolError(
      `${name} was not found. Install the PostgreSQL client tools of your server's version or newer (Debian/Ubuntu: apt install postgresql-client) or put ${name} on PATH, then run this again.`,
    );
  }
  return path;
}

/**
 * The password travels in PGPASSWORD, not on the command line, where other users of the
 * machine could read it in the process list.
 */
export function connectionArgs(url: string): { dbname: string; env: Record<string, string> } {
  const u = new URL(url);
  const env: Record<string, string> = {};
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  return { dbname: u.toString(), env };
}

/** Runs a tool to completion; a non-zero exit becomes a PgToolError carrying its stderr. */
export function runPgTool(path: string, args: string[], opts: { env?: Record<string, string>; stdin?: Readable; stdout?: Writable } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { env: { ...process.env, ...opts.env }, stdio: [opts.stdin ? 'pipe' : 'ignore', opts.stdout ? 'pipe' : 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', (err) => reject(new PgToolError(`could not run ${path}: ${err.message}`)));
    if (opts.stdout) child.stdout!.pipe(opts.stdout);
    if (opts.stdin) {
      // pg_restore may stop reading early on an error; its exit code tells what happened.
      child.stdin!.on('error', () => {});
      opts.stdin.pipe(child.stdin!);
    }
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new PgToolError(`${path.split('/').pop()} failed (exit ${code}): ${stderr.trim() || 'no message'}`));
    });
  });
}
