/**
 * Summarises V8 .cpuprofile files (from `npm run bench -- ingest --cpu-prof`):
 * self time by package / area, and the functions with the most self and inclusive time.
 *   node --import tsx bench/profile-summary.ts /tmp/la-bench-prof-XXXX/*.cpuprofile [--top 25] [--filter src/]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native / V8 builtins)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/').slice(0, 2).join('/');
  const src = /\/(src|bench|test)\/(.*)$/.exec(url);
  if (src) return `${src[1]}/${src[2]!.split('/').slice(0, -1).join('/') || '.'}`;
  return url;
}

function summarise(file: string, top: number, filter: string | undefined): void {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = p.timeDeltas.reduce((s, d) => s + d, 0) / 1000;
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  const incl = new Map<string, number>();
  const key = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules|src|bench|test)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(p.samples[i]!)!;
    self.set(key(leaf), (self.get(key(leaf)) ?? 0) + dt);
    // Native frames (syscalls, builtins) count for the nearest caller with a script URL.
    let owner: Node | undefined = leaf;
    while (owner && !owner.callFrame.url && parent.has(owner.id)) owner = byId.get(parent.get(owner.id)!);
    const a = owner && owner.callFrame.url ? area(owner.callFrame.url, owner.callFrame.functionName) : area(leaf.callFrame.url, leaf.callFrame.functionName);
    areas.set(a, (areas.get(a) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const k = key(byId.get(id)!);
      if (!seen.has(k)) {
        seen.add(k);
        incl.set(k, (incl.get(k) ?? 0) + dt);
      }
    }
  }
  const busy = total - (areas.get('(idle)') ?? 0);
  const fmt = (m: Map<string, number>, n: number, base: number, f?: string) =>
    [...m]
      .filter(([k]) => (!f || k.includes(f)) && !k.startsWith('(idle)') && !k.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${v.toFixed(0).padStart(7)} ms ${((v / base) * 100).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  console.log(`\n${file}\n  profile ${total.toFixed(0)} ms, busy (not idle) ${busy.toFixed(0)} ms`);
  console.log(`\nself time by area, native frames counted for their JS caller (% of busy):\n${fmt(areas, top, busy)}`);
  console.log(`\nself time by function (% of busy):\n${fmt(self, top, busy, filter)}`);
  console.log(`\ninclusive time by function (% of busy)${filter ? ` matching "${filter}"` : ''}:\n${fmt(incl, top, busy, filter)}`);
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
const filterAt = args.indexOf('--filter');
const filter = filterAt >= 0 ? args.splice(filterAt, 2)[1] : undefined;
if (!args.length) {
  console.error('usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile… [--top N] [--filter TEXT]');
  process.exit(2);
}
for (const f of args) summarise(f, top, filter);
