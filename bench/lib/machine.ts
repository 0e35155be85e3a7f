import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import pg from 'pg';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  os: string;
  loadAverage: string;
  code: string;
}

/** The commit measured, and whether src/ had uncommitted changes. */
function codeVersion(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'package.json'], { encoding: 'utf8' }).trim();
    return dirty ? `commit ${commit} plus uncommitted changes in src/` : `commit ${commit}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1]!.trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** The PostgreSQL server the benchmarks would use, or why there is none. */
export async function postgresVersion(url: string): Promise<string> {
  if (!url) return 'not used (TEST_DATABASE_URL / DATABASE_URL not set)';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0]!.server_version;
  } catch (err) {
    return `unreachable (${(err as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function describeMachine(pgUrl: string): Promise<Machine> {
  return {
    cpuModel: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: await postgresVersion(pgUrl),
    os: `${osType()} ${release()}`,
    loadAverage: loadavg().map((l) => l.toFixed(2)).join(' / '),
    code: codeVersion(),
  };
}

export function machineMarkdown(m: Machine, command: string, date: Date): string {
  return [
    `- Date: ${date.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Command: \`${command}\`; code: ${m.code}`,
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}`,
    `- Node ${m.node}; PostgreSQL ${m.postgres}`,
    `- Load average (1/5/15 min) when the run started: ${m.loadAverage}`,
  ].join('\n');
}
