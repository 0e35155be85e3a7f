import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU accounting from /proc (Linux), to tell where the time goes during a run:
 * the server process, the PostgreSQL backends serving the bench database, the load
 * generator (this process) and the whole machine.
 */

const TICK_MS = 10; // USER_HZ is 100 on Linux

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** utime + stime of one process, in ms (null when it is gone). */
export function processCpuMs(pid: number): number | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** PostgreSQL backends whose title names this database ("postgres: user db host(port) state"). */
export function backendCpuMs(database: string): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const p of pids) {
    const cmd = readText(`/proc/${p}/cmdline`);
    if (!cmd || !cmd.startsWith('postgres: ')) continue;
    if (!cmd.split(' ').includes(database)) continue;
    const ms = processCpuMs(Number(p));
    if (ms !== null) out.set(Number(p), ms);
  }
  return out;
}

/** Busy and total jiffies of the whole machine. */
function machineTicks(): { busy: number; total: number } | null {
  const line = readText('/proc/stat')?.split('\n')[0];
  if (!line?.startsWith('cpu ')) return null;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((s, x) => s + x, 0);
  return { busy: total - idle, total };
}

export interface CpuSample {
  wallMs: number;
  serverMs: number | null;
  backends: Map<number, number>;
  selfMs: number;
  machine: { busy: number; total: number } | null;
}

export function sampleCpu(serverPid: number | undefined, database: string | undefined): CpuSample {
  const self = process.cpuUsage();
  return {
    wallMs: performance.now(),
    serverMs: serverPid ? processCpuMs(serverPid) : null,
    backends: database ? backendCpuMs(database) : new Map(),
    selfMs: (self.user + self.system) / 1000,
    machine: machineTicks(),
  };
}

/** CPU used between two samples, as a share of one core (1 = one core busy the whole time). */
export interface CpuUse {
  server: number | null;
  postgres: number | null;
  loadGenerator: number;
  /** Busy share of all cores of the machine, 0..1. */
  machine: number | null;
}

export function cpuBetween(a: CpuSample, b: CpuSample, withPostgres: boolean): CpuUse {
  const wall = b.wallMs - a.wallMs;
  let pgMs = 0;
  for (const [pid, ms] of b.backends) pgMs += ms - (a.backends.get(pid) ?? 0);
  return {
    server: a.serverMs !== null && b.serverMs !== null ? (b.serverMs - a.serverMs) / wall : null,
    postgres: withPostgres ? pgMs / wall : null,
    loadGenerator: (b.selfMs - a.selfMs) / wall,
    machine: a.machine && b.machine ? (b.machine.busy - a.machine.busy) / Math.max(1, b.machine.total - a.machine.total) : null,
  };
}
