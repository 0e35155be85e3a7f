/**
 * Calls `run` `firstMs` after start and then every `everyMs`, without keeping the process alive
 * (the background jobs stop with the server); returns a stop function.
 */
export function schedulePeriodic(run: () => void, firstMs: number, everyMs: number): () => void {
  const first = setTimeout(run, firstMs);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
