import http from 'node:http';
import autocannon from 'autocannon';
import { rng } from './visits.ts';

export interface LoadResult {
  /** Wall time of the run, seconds. */
  seconds: number;
  sent: number;
  /** Responses by status code. */
  status: Record<number, number>;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Latencies of 2xx responses, ms, sorted. */
  latencies: Float64Array;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function sortedLatencies(xs: number[]): Float64Array {
  return Float64Array.from(xs).sort();
}

export interface Target {
  base: string;
  headers: Record<string, string>;
  /** A fresh JSON body for every request (POST /api/v1/visits), or none for a plain GET of `path`. */
  body?: () => string;
  /** Defaults to /api/v1/visits. */
  path?: string;
  /** Several kiosks (their auth headers, added to `headers`): requests go to them in turn. */
  kiosks?: Record<string, string>[];
}

/** The headers of the next request: `headers`, plus the next kiosk's in turn when there are several. */
function rotation(t: Target): () => Record<string, string> {
  let i = 0;
  const kiosks = t.kiosks ?? [];
  return () => (kiosks.length ? { ...t.headers, ...kiosks[i++ % kiosks.length]! } : t.headers);
}

/**
 * Closed-loop load with autocannon: `connections` keep one request each in flight
 * (optionally capped at `overallRate` requests/s, which autocannon spends in a burst at
 * the start of every second). Latency is taken from each response (ms, 2xx only), not
 * from autocannon's histogram, which in rate mode adds synthetic samples.
 */
export async function autocannonRun(t: Target, opts: { connections: number; seconds: number; overallRate?: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  const status: Record<number, number> = {};
  const started = performance.now();
  let instance!: autocannon.Instance;
  const nextHeaders = rotation(t);
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    const options: autocannon.Options = {
      url: `${t.base}${t.path ?? '/api/v1/visits'}`,
      connections: opts.connections,
      duration: opts.seconds,
      ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
      timeout: 10,
      requests: [
        t.body
          ? {
              method: 'POST',
              path: t.path ?? '/api/v1/visits',
              headers: { 'content-type': 'application/json', ...t.headers },
              setupRequest: (req) => ({ ...req, headers: { ...req.headers, ...nextHeaders() }, body: t.body!() }),
            }
          : { method: 'GET', path: t.path ?? '/', headers: t.headers },
      ],
    };
    instance = autocannon(options, (err, result) => (err ? reject(err) : resolve(result)));
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    status[statusCode] = (status[statusCode] ?? 0) + 1;
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const r = await done;
  const seconds = (performance.now() - started) / 1000;
  const ok = Object.entries(status).reduce((s, [code, n]) => s + (Number(code) < 300 && Number(code) >= 200 ? n : 0), 0);
  return {
    seconds: r.duration || seconds,
    sent: r.requests.sent,
    status,
    ok,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    latencies: sortedLatencies(latencies),
  };
}

/**
 * Open-loop load, as independent kiosks produce it: requests arrive at random (Poisson, mean
 * `rate` per second, seeded) whether or not earlier ones have answered, over keep-alive
 * connections. Latency is measured from the moment a request was due, so a stalled server
 * cannot hide its queue (no coordinated omission).
 */
export async function openLoopRun(t: Target, opts: { rate: number; seconds: number; seed?: number }): Promise<LoadResult> {
  const url = new URL(`${t.base}${t.path ?? '/api/v1/visits'}`);
  const makeBody = t.body;
  if (!makeBody) throw new Error('openLoopRun needs a body');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const nextHeaders = rotation(t);
  const latencies: number[] = [];
  const status: Record<number, number> = {};
  let errors = 0;
  let timeouts = 0;
  const random = rng(opts.seed ?? 7);
  const meanGapMs = 1000 / opts.rate;
  const durationMs = opts.seconds * 1000;
  const inflight: Promise<void>[] = [];
  const started = performance.now();

  const fire = (due: number) =>
    new Promise<void>((resolve) => {
      const body = makeBody();
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...nextHeaders() },
          timeout: 10_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const code = res.statusCode ?? 0;
            status[code] = (status[code] ?? 0) + 1;
            if (code >= 200 && code < 300) latencies.push(performance.now() - due);
            resolve();
          });
        },
      );
      req.on('timeout', () => {
        timeouts++;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });

  let total = 0;
  for (let at = -Math.log(1 - random()) * meanGapMs; at < durationMs; at += -Math.log(1 - random()) * meanGapMs) {
    const due = started + at;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(fire(due));
    total++;
  }
  await Promise.all(inflight);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const ok = Object.entries(status).reduce((s, [code, n]) => s + (Number(code) < 300 && Number(code) >= 200 ? n : 0), 0);
  return { seconds, sent: total, status, ok, non2xx: total - ok - errors, errors, timeouts, latencies: sortedLatencies(latencies) };
}
