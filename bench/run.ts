/**
 * Benchmark driver: `npm run bench` runs every benchmark, `npm run bench -- ingest` one.
 * Each benchmark is a module exporting `id`, `title` and `run(opts): Promise<string>` (its
 * markdown); the driver adds the machine, command and date and rewrites that benchmark's own
 * section of docs/PERFORMANCE.md (between <!-- bench:ID:start --> and <!-- bench:ID:end -->).
 *
 * Flags: --quick (3 s measurements), --no-write (print only), --engine=pglite|postgres (one engine),
 *        --cpu-prof (server child processes write V8 CPU profiles to a temp dir),
 *        --visits=N (admin: how many visits to generate behind the dashboard).
 *        Only a full, unprofiled run of all engines rewrites docs/PERFORMANCE.md.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_PG_URL } from '../test/helpers/engines.ts';
import { installExitHandlers, runCleanups } from './lib/cleanup.ts';
import { replaceSection } from './lib/doc.ts';
import { describeMachine, machineMarkdown } from './lib/machine.ts';

interface BenchModule {
  id: string;
  title: string;
  run(opts: { quick?: boolean; cpuProfDir?: string; engines?: string[]; visits?: number }): Promise<string>;
}

/** Add new benchmarks here. */
const BENCHMARKS: Record<string, () => Promise<BenchModule>> = {
  ingest: () => import('./ingest.ts'),
  'ingest-db': () => import('./ingest-db.ts'),
  kiosk: () => import('./kiosk.ts'),
  wall: () => import('./wall.ts'),
  insight: () => import('./insight.ts'),
  redaction: () => import('./redaction.ts'),
  admin: () => import('./admin.ts'),
};

const DOC = fileURLToPath(new URL('../docs/PERFORMANCE.md', import.meta.url));
const MAX_SECONDS = 300;
/** Benchmarks that need longer than MAX_SECONDS (insight generates 1 M visits first). */
const MAX_SECONDS_FOR: Record<string, number> = { insight: 2700, 'ingest-db': 1500, admin: 900 };

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--') && !a.startsWith('--engine=') && !a.startsWith('--visits=')));
  const visitsFlag = argv.find((a) => a.startsWith('--visits='));
  const visits = visitsFlag ? Number(visitsFlag.slice('--visits='.length)) : undefined;
  if (visits !== undefined && !(Number.isInteger(visits) && visits > 0)) throw new Error(`--visits needs a positive whole number, not ${visitsFlag}`);
  const names = argv.filter((a) => !a.startsWith('--'));
  const engineFlag = argv.find((a) => a.startsWith('--engine='));
  const engines = engineFlag ? engineFlag.slice('--engine='.length).split(',') : undefined;
  for (const f of flags) {
    if (!['--quick', '--no-write', '--cpu-prof'].includes(f)) throw new Error(`unknown flag ${f} (known: --quick, --no-write, --cpu-prof, --engine=pglite|postgres, --visits=N)`);
  }
  for (const n of names) if (!BENCHMARKS[n]) throw new Error(`unknown benchmark "${n}" (known: ${Object.keys(BENCHMARKS).join(', ')})`);
  const selected = names.length ? names : Object.keys(BENCHMARKS);
  const quick = flags.has('--quick');
  const cpuProfDir = flags.has('--cpu-prof') ? mkdtempSync(join(tmpdir(), 'la-bench-prof-')) : undefined;
  // BENCH_INSIGHT_SCALE / BENCH_INSIGHT_QUICK shrink the insight bench like --quick: never written.
  const shrunk = Boolean(process.env.BENCH_INSIGHT_SCALE || process.env.BENCH_INSIGHT_QUICK);
  const write = !flags.has('--no-write') && !quick && !shrunk && !cpuProfDir && !engines;
  const command = process.env.npm_lifecycle_event === 'bench' ? `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}` : `node --import tsx bench/run.ts ${argv.join(' ')}`.trim();

  installExitHandlers();
  let failed = 0;
  for (const name of selected) {
    // A safety net per benchmark: each is designed to take well under 3 minutes.
    const watchdog = setTimeout(() => {
      process.stderr.write(`bench: "${name}" still running after ${MAX_SECONDS_FOR[name] ?? MAX_SECONDS} s: giving up\n`);
      void runCleanups().finally(() => process.exit(1));
    }, (MAX_SECONDS_FOR[name] ?? MAX_SECONDS) * 1000);
    watchdog.unref();
    try {
      const mod = await BENCHMARKS[name]!();
      const date = new Date();
      const machine = await describeMachine(TEST_PG_URL);
      process.stderr.write(`\n# ${mod.title}\n`);
      const t0 = performance.now();
      const body = await mod.run({ quick, cpuProfDir, engines, visits });
      const took = (performance.now() - t0) / 1000;
      const section = `## ${mod.title}\n\n${machineMarkdown(machine, command, date)}\n- Benchmark wall time: ${took.toFixed(0)} s\n\n${body}\n`;
      process.stdout.write(`\n${section}\n`);
      if (write) {
        replaceSection(DOC, mod.id, section);
        process.stderr.write(`bench: wrote the "${mod.id}" section of docs/PERFORMANCE.md\n`);
      } else {
        process.stderr.write('bench: docs/PERFORMANCE.md not written (--quick, --no-write, --engine, --cpu-prof or BENCH_INSIGHT_SCALE / BENCH_INSIGHT_QUICK)\n');
      }
    } catch (err) {
      // One benchmark failing leaves the others (and their sections) alone.
      failed++;
      process.stderr.write(`bench: "${name}" failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      await runCleanups();
    } finally {
      clearTimeout(watchdog);
    }
  }
  if (cpuProfDir) process.stderr.write(`bench: server CPU profiles in ${cpuProfDir} (summarise with: node --import tsx bench/profile-summary.ts ${cpuProfDir}/*.cpuprofile)\n`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  async (code) => {
    await runCleanups();
    process.exit(code);
  },
  async (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await runCleanups();
    process.exit(1);
  },
);
