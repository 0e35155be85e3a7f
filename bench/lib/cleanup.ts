import type { ChildProcess } from 'node:child_process';

/**
 * Child servers and throwaway resources of a benchmark run. Children are killed when the
 * bench process exits for any reason (normal end, error, Ctrl+C); async clean-ups (dropping
 * a database, removing a temp dir) run on the normal path and on Ctrl+C / SIGTERM.
 */
const children = new Set<ChildProcess>();
const cleanups = new Set<() => Promise<void> | void>();

export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** Registers an async clean-up; returns a function that runs it once and unregisters it. */
export function onCleanup(fn: () => Promise<void> | void): () => Promise<void> {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    cleanups.delete(once);
    await fn();
  };
  cleanups.add(once);
  return once;
}

export function killChildren(): void {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}

export async function runCleanups(): Promise<void> {
  killChildren();
  for (const fn of [...cleanups].reverse()) {
    await Promise.race([Promise.resolve(fn()).catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
  }
}

let installed = false;
export function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killChildren);
  // A crash (e.g. an 'error' event nobody listens to) still stops the servers and drops the databases.
  const crash = (err: unknown) => {
    process.stderr.write(`\nbench crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    void runCleanups().finally(() => process.exit(1));
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}: stopping servers and cleaning up\n`);
      void runCleanups().finally(() => process.exit(130));
    });
  }
}
