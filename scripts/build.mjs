#!/usr/bin/env node
// Builds the front ends into dist/: hashed bundles (lazy chunks split out), the HTML shell,
// the web app manifest and a service worker whose precache list is the build's own files.
import { build } from 'esbuild';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const VERSION = JSON.parse(readFileSync('package.json', 'utf8')).version;
const prod = process.env.NODE_ENV !== 'development';

function walk(dir) {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}

/**
 * The kiosk's build version: the package version, an optional label (KIOSK_BUILD_LABEL) and a
 * hash of every source file in the bundle, so any change to the kiosk's code is a new version
 * that running kiosks pick up on their attract screen (docs/KIOSK.md, "Updates").
 */
async function kioskBuildVersion(options) {
  const probe = await build({ ...options, write: false, outdir: 'dist/.kiosk-probe', logLevel: 'silent' });
  const h = createHash('sha256').update(VERSION);
  for (const input of Object.keys(probe.metafile.inputs).sort()) h.update(input).update(readFileSync(input));
  for (const f of ['src/kiosk/index.html', 'src/kiosk/sw.ts', 'src/kiosk/manifest.webmanifest']) h.update(readFileSync(f));
  const label = (process.env.KIOSK_BUILD_LABEL || '').replace(/[^a-z0-9.-]/gi, '').slice(0, 12);
  return `${VERSION}${label ? `-${label}` : ''}+${h.digest('hex').slice(0, 8)}`;
}

async function buildKiosk(out = 'dist/kiosk') {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const options = {
    entryPoints: { app: 'src/kiosk/main.tsx' },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: ['chrome100', 'safari15'],
    outdir: out,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    minify: prod,
    sourcemap: false,
    metafile: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { __APP_VERSION__: JSON.stringify(VERSION) },
    logLevel: 'warning',
  };
  const kioskVersion = await kioskBuildVersion(options);
  const result = await build({ ...options, define: { __APP_VERSION__: JSON.stringify(kioskVersion) } });
  const outputs = Object.entries(result.metafile.outputs);
  const js = outputs.find(([, o]) => o.entryPoint === 'src/kiosk/main.tsx')[0];
  const css = outputs.find(([f]) => f.endsWith('.css') && f.includes('/app-'))?.[0];
  const html = readFileSync('src/kiosk/index.html', 'utf8')
    .replace('%APP_JS%', relative(out, js))
    .replace('%APP_CSS%', css ? relative(out, css) : '')
    .replace('%VERSION%', kioskVersion);
  writeFileSync(join(out, 'index.html'), html);
  // The server reads this to tell kiosks which build is current (src/server/services/fleet.service.ts).
  writeFileSync(join(out, 'version.json'), JSON.stringify({ version: kioskVersion }));
  copyFileSync('src/kiosk/manifest.webmanifest', join(out, 'manifest.webmanifest'));
  copyFileSync('src/kiosk/icon.svg', join(out, 'icon.svg'));

  // The service worker precaches the shell: every built file with a revision hash.
  const files = walk(out).map((f) => relative(out, f));
  const precache = files.map((url) => ({ url, revision: createHash('sha256').update(readFileSync(join(out, url))).digest('hex').slice(0, 16) }));
  await build({
    entryPoints: ['src/kiosk/sw.ts'],
    bundle: true,
    format: 'iife',
    target: ['chrome100', 'safari15'],
    outfile: join(out, 'sw.js'),
    minify: prod,
    define: { __PRECACHE__: JSON.stringify(precache), __APP_VERSION__: JSON.stringify(kioskVersion), 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  return result.metafile;
}

/**
 * The other front ends (admin, family, heard, wall): a hashed bundle and an HTML shell each,
 * no service worker. Each lives in src/<name>/ with main.tsx and index.html when it exists.
 */
async function buildApp(name) {
  const out = `dist/${name}`;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = await build({
    entryPoints: { app: `src/${name}/main.tsx` },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: ['chrome100', 'safari15'],
    outdir: out,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    minify: prod,
    metafile: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { __APP_VERSION__: JSON.stringify(VERSION) },
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs);
  const js = outputs.find(([, o]) => o.entryPoint === `src/${name}/main.tsx`)[0];
  const css = outputs.find(([f]) => f.endsWith('.css') && f.includes('/app-'))?.[0];
  const html = readFileSync(`src/${name}/index.html`, 'utf8')
    .replace('%APP_JS%', '/' + js.replace(/^dist\//, ''))
    .replace('%APP_CSS%', css ? '/' + css.replace(/^dist\//, '') : '')
    .replace('%VERSION%', VERSION);
  writeFileSync(join(out, 'index.html'), html);
  writeFileSync(`dist/${name}-meta.json`, JSON.stringify(result.metafile));
}

/** Writes .br and .gz next to each text file so the static server sends them precompressed. */
function precompress(dir) {
  for (const f of walk(dir)) {
    if (!/\.(js|css|html|svg|webmanifest|json)$/.test(f)) continue;
    const data = readFileSync(f);
    if (data.length < 512) continue;
    writeFileSync(`${f}.gz`, gzipSync(data, { level: 9 }));
    writeFileSync(`${f}.br`, brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
  }
}

// KIOSK_OUT=<dir>: build only the kiosk, into that directory (a second build for the update test).
if (process.env.KIOSK_OUT) {
  await buildKiosk(process.env.KIOSK_OUT);
  precompress(process.env.KIOSK_OUT);
  console.log(`built ${process.env.KIOSK_OUT}`);
  process.exit(0);
}
const metafile = await buildKiosk();
writeFileSync('dist/kiosk-meta.json', JSON.stringify(metafile));
const built = ['kiosk'];
for (const name of ['admin', 'family', 'heard', 'wall']) {
  try {
    statSync(`src/${name}/main.tsx`);
  } catch {
    continue;
  }
  await buildApp(name);
  built.push(name);
}
for (const name of built) precompress(`dist/${name}`);
console.log(`built ${built.map((n) => `dist/${n}`).join(', ')}`);
