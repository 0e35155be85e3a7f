/** Signing in and timing GET requests over loopback HTTP (keep-alive, as a dashboard would). */

export interface Timing {
  /** Latencies in ms, sorted. */
  ms: Float64Array;
  failures: number;
  seconds: number;
  firstFailure?: string;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Signs in over the API and returns the session cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('sign-in answered without a session cookie');
  return cookie.split(';')[0]!;
}

export async function getJson(base: string, cookie: string, path: string): Promise<any> {
  const res = await fetch(`${base}${path}`, { headers: { cookie } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/**
 * `count` GETs of `path`, `concurrency` in flight (each worker sends its next request when its
 * previous one has answered), or fewer if `maxSeconds` runs out. Latency: request sent → body read.
 */
export async function timeGets(base: string, cookie: string, path: string, o: { count: number; concurrency: number; maxSeconds: number }): Promise<Timing> {
  const ms: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let issued = 0;
  const start = performance.now();
  const deadline = start + o.maxSeconds * 1000;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (issued < o.count && performance.now() < deadline) {
        issued++;
        const t = performance.now();
        try {
          const res = await fetch(`${base}${path}`, { headers: { cookie } });
          const body = await res.arrayBuffer();
          if (res.status === 200) ms.push(performance.now() - t);
          else {
            failures++;
            firstFailure ??= `${res.status} ${Buffer.from(body).toString('utf8').slice(0, 200)}`;
          }
        } catch (err) {
          failures++;
          firstFailure ??= String(err);
        }
      }
    }),
  );
  return { ms: Float64Array.from(ms).sort(), failures, seconds: (performance.now() - start) / 1000, firstFailure };
}

/** Runs `fn` `count` times (or until `maxSeconds`, at least `min` times), one at a time; ms, sorted. */
export async function timeCalls(fn: () => Promise<unknown>, o: { count: number; maxSeconds: number; min?: number }): Promise<Float64Array> {
  const ms: number[] = [];
  const deadline = performance.now() + o.maxSeconds * 1000;
  while (ms.length < o.count && (ms.length < (o.min ?? 1) || performance.now() < deadline)) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return Float64Array.from(ms).sort();
}

/**
 * "8 different at once": `count` GETs spread over `paths`, `concurrency` in flight, and never two
 * requests for the same path in flight at the same moment (each worker takes the next path of a
 * rotation that is not in flight), so the server's coalescing of identical requests cannot
 * flatter the figure. Needs more paths than workers. Returns one Timing per path, and all of them.
 */
export async function timeDistinctGets(
  base: string,
  cookie: string,
  paths: string[],
  o: { count: number; concurrency: number; maxSeconds: number },
): Promise<{ perPath: Timing[]; all: Timing }> {
  if (paths.length <= o.concurrency) throw new Error(`timeDistinctGets needs more paths (${paths.length}) than requests in flight (${o.concurrency})`);
  const ms = paths.map(() => [] as number[]);
  const fails = paths.map(() => 0);
  const firsts: (string | undefined)[] = paths.map(() => undefined);
  const inFlight = new Set<number>();
  let issued = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + o.maxSeconds * 1000;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (issued < o.count && performance.now() < deadline) {
        issued++;
        while (inFlight.has(next % paths.length)) next++;
        const i = next % paths.length;
        next++;
        inFlight.add(i);
        const t = performance.now();
        try {
          const res = await fetch(`${base}${paths[i]}`, { headers: { cookie } });
          const body = await res.arrayBuffer();
          if (res.status === 200) ms[i]!.push(performance.now() - t);
          else {
            fails[i]!++;
            firsts[i] ??= `${res.status} ${Buffer.from(body).toString('utf8').slice(0, 200)}`;
          }
        } catch (err) {
          fails[i]!++;
          firsts[i] ??= String(err);
        } finally {
          inFlight.delete(i);
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const perPath = paths.map((_, i) => ({ ms: Float64Array.from(ms[i]!).sort(), failures: fails[i]!, seconds, firstFailure: firsts[i] }));
  const all: Timing = {
    ms: Float64Array.from(ms.flat()).sort(),
    failures: fails.reduce((a, b) => a + b, 0),
    seconds,
    firstFailure: firsts.find((f) => f !== undefined),
  };
  return { perPath, all };
}
