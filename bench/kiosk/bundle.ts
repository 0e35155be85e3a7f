/**
 * Bundle sizes from the esbuild metafile that scripts/build.mjs writes (dist/<app>-meta.json; the
 * kiosk by default, the admin for bench/admin.ts):
 * which JS files a first load fetches (the entry plus its static imports, transitively), which are
 * lazy (reached only through import()), and what each lazy chunk contains.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface MetaOutput {
  bytes: number;
  entryPoint?: string;
  imports: Array<{ path: string; kind: string; external?: boolean }>;
  inputs: Record<string, { bytesInOutput: number }>;
}
interface Metafile {
  outputs: Record<string, MetaOutput>;
}

export interface ChunkRow {
  file: string;
  raw: number;
  gzip: number;
  load: 'first' | 'lazy';
  contents: string;
  /** The source modules with code in this chunk (metafile input paths). */
  modules: string[];
}

export interface BundleReport {
  chunks: ChunkRow[];
  firstLoadRaw: number;
  firstLoadGzip: number;
  css: Array<{ file: string; raw: number; gzip: number }>;
  sw: { file: string; raw: number; gzip: number } | null;
  html: { raw: number; gzip: number } | null;
}

const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;

/** Known lazy-loaded libraries and components, named the way the issue talks about them. */
const LABELS: Array<[RegExp, string]> = [
  [/perfect-freehand/, 'drawing (perfect-freehand)'],
  [/components\/DrawPad/, 'drawing pad'],
  [/qrcode-generator/, 'QR (qrcode-generator)'],
  [/components\/VoiceRecorder/, 'voice recorder'],
  [/node_modules\/preact\//, 'Preact'],
  [/node_modules\/idb\//, 'idb'],
  [/node_modules\/chart\.js\//, 'Chart.js'],
  [/node_modules\/@kurkle\/color\//, 'Chart.js (@kurkle/color)'],
];

function describe(inputs: Record<string, { bytesInOutput: number }>, app: string): string {
  const names = Object.entries(inputs)
    .filter(([, v]) => v.bytesInOutput > 0)
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
    .map(([path]) => path);
  if (!names.length) return 're-export only (no code of its own)';
  const labels = new Set<string>();
  const rest: string[] = [];
  for (const n of names) {
    const hit = LABELS.find(([re]) => re.test(n));
    if (hit) labels.add(hit[1]);
    else rest.push(n.replace(`src/${app}/`, '').replace(/^src\//, ''));
  }
  const restText = rest.length > 4 ? `${rest.slice(0, 4).join(', ')} + ${rest.length - 4} more` : rest.join(', ');
  return [...labels, restText].filter(Boolean).join('; ');
}

export function measureBundle(root: string, app = 'kiosk'): BundleReport {
  const meta = JSON.parse(readFileSync(join(root, `dist/${app}-meta.json`), 'utf8')) as Metafile;
  const entry = Object.entries(meta.outputs).find(([f, o]) => o.entryPoint === `src/${app}/main.tsx` && f.endsWith('.js'));
  if (!entry) throw new Error(`dist/${app}-meta.json has no JS output for src/${app}/main.tsx`);

  // First load: the entry and everything it reaches through static imports.
  const first = new Set<string>();
  const queue = [entry[0]];
  while (queue.length) {
    const f = queue.pop()!;
    if (first.has(f)) continue;
    first.add(f);
    for (const imp of meta.outputs[f]?.imports ?? []) if (imp.kind === 'import-statement' && !imp.external) queue.push(imp.path);
  }

  const chunks: ChunkRow[] = [];
  const css: BundleReport['css'] = [];
  for (const [file, out] of Object.entries(meta.outputs)) {
    const buf = readFileSync(join(root, file));
    if (file.endsWith('.css')) {
      css.push({ file: basename(file), raw: buf.length, gzip: gz(buf) });
      continue;
    }
    if (!file.endsWith('.js')) continue;
    const isFirst = first.has(file);
    chunks.push({
      file: basename(file),
      raw: buf.length,
      gzip: gz(buf),
      load: isFirst ? 'first' : 'lazy',
      modules: Object.entries(out.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([p]) => p),
      contents: file === entry[0] ? `entry: app shell (${Object.keys(out.inputs).length} modules)` : describe(out.inputs, app),
    });
  }
  chunks.sort((a, b) => (a.load === b.load ? b.gzip - a.gzip : a.load === 'first' ? -1 : 1));
  const firstRows = chunks.filter((c) => c.load === 'first');

  const swPath = join(root, `dist/${app}/sw.js`);
  const sw = statSync(swPath, { throwIfNoEntry: false }) ? (() => {
    const b = readFileSync(swPath);
    return { file: 'sw.js', raw: b.length, gzip: gz(b) };
  })() : null;
  const htmlPath = join(root, `dist/${app}/index.html`);
  const html = statSync(htmlPath, { throwIfNoEntry: false }) ? (() => {
    const b = readFileSync(htmlPath);
    return { raw: b.length, gzip: gz(b) };
  })() : null;

  return {
    chunks,
    firstLoadRaw: firstRows.reduce((s, c) => s + c.raw, 0),
    firstLoadGzip: firstRows.reduce((s, c) => s + c.gzip, 0),
    css,
    sw,
    html,
  };
}
