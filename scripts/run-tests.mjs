#!/usr/bin/env node
// Runs every test file with Node's test runner (TypeScript through tsx).
// Node 20's runner takes no globs, so the files are listed here; e2e/ joins when Chromium exists.
import { readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

function collect(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((f) => {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) return f === 'helpers' || f === 'fixtures' ? [] : collect(p);
      return /\.test\.ts$/.test(f) ? [p] : [];
    })
    .sort();
}

const only = process.argv.slice(2);
const files = only.length ? only : [...collect('test'), ...collect('e2e')];
if (!process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL) {
  console.error('\n*** TEST_DATABASE_URL is not set: the PostgreSQL half of the suite will be SKIPPED (CI sets it) ***\n');
}
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=900000', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
