/**
 * Live wall and family page (issue 6): `npm run bench -- wall`.
 *
 *  1. For each engine (PGlite; PostgreSQL when TEST_DATABASE_URL or DATABASE_URL is set): the real
 *     server as a child process, 200 wall viewers (server-sent events over loopback, in this
 *     process) on one showroom, visits streaming in at a fixed rate from this process. Checks that
 *     every viewer receives every update (consecutive sequence numbers, the final count), and
 *     reports the delay from a visit being stored to the last viewer having it, and the server's
 *     memory (RSS) and CPU (from /proc) idle, with 200 viewers, and while visits stream.
 *  2. Lighthouse (mobile defaults) on a family page /t/<ticket> and on the board /heard/.
 *
 * A missed budget is reported, never a failed process. Everything runs on loopback and is bounded.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgDatabase, dropPgDatabase, TEST_PG_URL } from '../test/helpers/engines.ts';
import { spawnServer, type ServerProcess } from '../test/helpers/process.ts';
import { pairKiosk, startTestServer } from '../test/helpers/server.ts';
import { moderate, pairWithCode, sampleDrawing, sendVisit } from '../test/public.helpers.ts';
import { lighthousePages, type LhScores } from './wall/lighthouse.ts';
import { WallClient } from './wall/sse-clients.ts';

export const name = 'wall';
export const id = name;
export const title = 'Live wall and family page (issue 6)';

const VIEWERS = 200;
const RATE = 20; // visits per second
const BUDGET_MS = 2_000;
const LH_BUDGET = { performance: 95, accessibility: 95 };

type Engine = 'pglite' | 'postgres';

interface EngineResult {
  engine: Engine;
  visits: number;
  seconds: number;
  connectMs: number;
  updates: number;
  everyViewerEveryUpdate: boolean;
  problems: string[];
  latency: { p50: number; p95: number; max: number };
  rssMb: { idle: number; viewers: number; peak: number; after: number };
  cpu: { connect: number; stream: number; idleWithViewers: number };
  exitCode: number | null;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** Share of one core used by `pid` while `fn` runs. */
async function cpuDuring<T>(pid: number, fn: () => Promise<T>): Promise<{ value: T; cpu: number }> {
  const c0 = cpuMs(pid);
  const t0 = performance.now();
  const value = await fn();
  return { value, cpu: (cpuMs(pid) - c0) / (performance.now() - t0) };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function runEngine(engine: Engine, visits: number, log: (s: string) => void): Promise<EngineResult> {
  const cleanups: Array<() => Promise<void> | void> = [];
  let server: ServerProcess | null = null;
  const clients: WallClient[] = [];
  try {
    let env: Record<string, string>;
    if (engine === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'la-bench-wall-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      env = { DATA_DIR: dir };
    } else {
      const url = await createPgDatabase();
      cleanups.push(() => dropPgDatabase(url));
      env = { DATABASE_URL: url };
    }
    log(`wall/${engine}: starting the server`);
    const s = await spawnServer(env);
    server = s;
    const kill = () => s.child.kill('SIGKILL');
    process.once('exit', kill);
    cleanups.push(() => void process.off('exit', kill));
    const pid = s.child.pid!;
    const kiosk = await pairWithCode(s.base, s.pairingCode!);
    await new Promise((r) => setTimeout(r, 1_000));
    const idle = rssMb(pid);

    log(`wall/${engine}: connecting ${VIEWERS} viewers`);
    const t0 = performance.now();
    const connect = await cpuDuring(pid, async () => {
      for (let i = 0; i < VIEWERS; i += 50) {
        const batch = Array.from({ length: Math.min(50, VIEWERS - i) }, () => new WallClient(`${s.base}/api/v1/wall/demo/events`));
        await Promise.all(batch.map((c) => c.open()));
        clients.push(...batch);
      }
      const ok = await Promise.all(clients.map((c) => c.waitForVisits(0, 10_000)));
      if (ok.includes(false)) throw new Error('not every viewer got the first event');
    });
    const connectMs = performance.now() - t0;
    const idleViewers = await cpuDuring(pid, () => new Promise((r) => setTimeout(r, 3_000)));
    const withViewers = rssMb(pid);

    log(`wall/${engine}: ${visits} visits at ${RATE}/s`);
    const storedAt: number[] = [];
    let peak = withViewers;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 200);
    const firstSeq = clients.map((c) => c.received.at(-1)!.seq);
    const start = performance.now();
    const stream = await cpuDuring(pid, async () => {
      const pending: Promise<void>[] = [];
      for (let i = 0; i < visits; i++) {
        const due = start + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        pending.push(sendVisit(kiosk).then(() => void storedAt.push(performance.now())));
      }
      await Promise.all(pending);
      await Promise.all(clients.map((c) => c.waitForVisits(visits, 10_000)));
    });
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);

    // Every viewer: consecutive sequence numbers from its first event to the end, and the final count.
    const problems: string[] = [];
    const lastSeq = Math.max(...clients.map((c) => c.received.at(-1)!.seq));
    clients.forEach((c, i) => {
      const seqs = c.received.map((r) => r.seq).filter((q) => q > firstSeq[i]!);
      const expected = lastSeq - firstSeq[i]!;
      const gaps = seqs.some((q, k) => q !== firstSeq[i]! + k + 1);
      if (seqs.length !== expected || gaps) problems.push(`viewer ${i}: ${seqs.length} of ${expected} updates`);
      if (c.received.at(-1)!.visitsToday !== visits) problems.push(`viewer ${i}: ends at ${c.received.at(-1)!.visitsToday}`);
    });

    // Delay from the n-th stored visit to the moment the last viewer shows at least n.
    storedAt.sort((a, b) => a - b);
    const delays = storedAt.map((at, k) => {
      const n = k + 1;
      let last = 0;
      for (const c of clients) last = Math.max(last, c.received.find((r) => r.visitsToday >= n)!.at);
      return Math.max(0, last - at);
    });
    delays.sort((a, b) => a - b);
    for (const c of clients) c.close();
    await new Promise((r) => setTimeout(r, 500));
    const after = rssMb(pid);
    s.child.kill('SIGTERM');
    const exit = await s.exited;
    return {
      engine,
      visits,
      seconds,
      connectMs,
      updates: lastSeq - Math.min(...firstSeq),
      everyViewerEveryUpdate: problems.length === 0,
      problems: problems.slice(0, 5),
      latency: { p50: pct(delays, 50), p95: pct(delays, 95), max: delays.at(-1) ?? NaN },
      rssMb: { idle, viewers: withViewers, peak, after },
      cpu: { connect: connect.cpu, stream: stream.cpu, idleWithViewers: idleViewers.cpu },
      exitCode: exit.code,
    };
  } finally {
    for (const c of clients) c.close();
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    for (const c of cleanups.reverse()) await c();
  }
}

async function lighthouseRun(quick: boolean, log: (s: string) => void): Promise<{ results: LhScores[]; version: string; chrome: string } | { error: string }> {
  const server = await startTestServer('pglite');
  try {
    const k = await pairKiosk(server);
    const kiosk = { base: server.base, auth: k.auth, config: k.config };
    const { id: visitId, ticket } = await sendVisit(kiosk, { locale: 'en', nickname: 'Mimi', idea: sampleDrawing() });
    await moderate(server.tdb.db, visitId, { moderation: 'approved', status: 'planned', replyEn: 'Great idea! We are designing bigger wheels.', replyZh: '好主意！我们正在设计更大的轮子。' });
    for (let i = 0; i < 5; i++) {
      const v = await sendVisit(kiosk, { idea: { kind: 'text', text: `A little slide for the back seat, number ${i + 1}` } });
      await moderate(server.tdb.db, v.id, { moderation: 'approved', status: 'heard', replyEn: 'We heard you!', replyZh: '我们听到了！' });
    }
    return await lighthousePages([`${server.base}/t/${ticket}`, `${server.base}/heard/`], quick ? 1 : 3, log);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  } finally {
    await server.close();
  }
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const core = (n: number) => `${(n * 100).toFixed(1)} %`;

export async function run(opts: { quick?: boolean; engines?: string[]; log?: (s: string) => void } = {}): Promise<string> {
  const log = opts.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const engines = (opts.engines ?? ['pglite', ...(TEST_PG_URL ? ['postgres'] : [])]) as Engine[];
  const visits = opts.quick ? 100 : 300;
  const results: EngineResult[] = [];
  for (const e of engines) results.push(await runEngine(e, visits, log));
  const lh = await lighthouseRun(Boolean(opts.quick), log);

  const lines: string[] = [
    `### ${VIEWERS} wall viewers while visits stream in`,
    '',
    `The real server (a child process) on each engine; ${VIEWERS} viewers of \`/wall/demo\`'s event stream (\`/api/v1/wall/demo/events\`, one TCP connection each, in the bench process); ${visits} visits sent to the same server at ${RATE} per second (open loop). The server recomputes a showroom's tallies at most once per 250 ms and sends them to every viewer. "Every viewer got every update" checks each viewer's sequence numbers are consecutive from its first event and its last count is ${visits}. Delay: from a visit's 201 to the last of the ${VIEWERS} viewers showing it (budget ${BUDGET_MS} ms). CPU as a share of one core of the server process; RSS from /proc.`,
    '',
    '| engine | updates sent | every viewer got every update | delay p50 / p95 / max (ms) | RSS idle → 200 viewers → peak while streaming → after (MB) | server CPU: connecting 200 / 200 idle / streaming | SIGTERM exit |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.engine} | ${r.updates} in ${f1(r.seconds)} s | ${r.everyViewerEveryUpdate ? 'yes' : `**no**: ${r.problems.join('; ')}`} | ${f0(r.latency.p50)} / ${f0(r.latency.p95)} / ${f0(r.latency.max)}${r.latency.max > BUDGET_MS ? ' **over budget**' : ''} | ${f0(r.rssMb.idle)} → ${f0(r.rssMb.viewers)} → ${f0(r.rssMb.peak)} → ${f0(r.rssMb.after)} | ${core(r.cpu.connect)} (${f0(r.connectMs)} ms) / ${core(r.cpu.idleWithViewers)} / ${core(r.cpu.stream)} | ${r.exitCode} |`,
    ),
    '',
  ];
  if (!engines.includes('postgres')) lines.push('PostgreSQL was not measured: TEST_DATABASE_URL is not set.', '');
  lines.push('### Lighthouse: family page and board', '');
  if ('error' in lh) {
    lines.push(`Lighthouse did not run: ${lh.error}`);
  } else {
    lines.push(
      `Lighthouse ${lh.version} (mobile defaults: slow 4G and 4× CPU slowdown, simulated) in Chromium ${lh.chrome}, against a test server on loopback; a family page with a drawing, a status and a reply, and the board with six approved ideas. Median of ${opts.quick ? 1 : 3} runs by performance. Budgets: performance ≥ ${LH_BUDGET.performance}, accessibility ≥ ${LH_BUDGET.accessibility}.`,
      '',
      '| page | performance | accessibility | best practices | LCP (ms) | TBT (ms) | CLS | below 90 |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...lh.results.map((r) => {
        const path = r.url.replace(/^https?:\/\/[^/]+/, '').replace(/\/t\/[^/?]+/, '/t/<ticket>');
        const mark = (v: number | null, b: number) => (v === null ? '–' : v >= b ? `${v}` : `**${v}**`);
        return `| \`${path}\` | ${mark(r.performance, LH_BUDGET.performance)} | ${mark(r.accessibility, LH_BUDGET.accessibility)} | ${r.bestPractices ?? '–'} | ${f0(r.lcpMs ?? NaN)} | ${f0(r.tbtMs ?? NaN)} | ${r.cls === null ? '–' : r.cls.toFixed(3)} | ${r.error ? `error: ${r.error}` : r.failing.join(', ') || 'none'} |`;
      }),
    );
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run({ quick: process.argv.includes('--quick') }).then(
    (md) => {
      process.stdout.write(`${md}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
