import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, ROOT } from '../../test/helpers/process.ts';
import { trackChild } from './cleanup.ts';
import { LIMITS_OFF } from '../../test/helpers/limits.ts';

export interface BenchServer {
  child: ChildProcess;
  base: string;
  pairingCode: string | null;
  output: () => string;
  exited: Promise<unknown>;
}

/**
 * `node [nodeArgs] --import tsx src/cli.ts start` as a child process (like test/helpers/process.ts
 * spawnServer, plus node flags such as --cpu-prof, which NODE_OPTIONS does not accept). The child
 * is registered at once so it is killed whatever happens to the bench.
 */
export async function startServer(env: Record<string, string>, nodeArgs: string[] = [], timeoutMs = 60_000): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/cli.ts', 'start'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...LIMITS_OFF, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + timeoutMs;
  while (!/Stop with Ctrl\+C/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const code = /pairing code for showroom "demo": ([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(out)?.[1] ?? null;
  return { child, base: `http://127.0.0.1:${port}`, pairingCode: code, output: () => out, exited };
}
