import type { ServerResponse } from 'node:http';
import type { Database } from '../../db/database.ts';
import { VISIT_STORED_CHANNEL } from '../../db/repositories/visits.repository.ts';

export interface HubOptions {
  /** Visits arriving within this window are counted in one update (per showroom). */
  debounceMs?: number;
  /** A comment line keeps proxies and load balancers from closing idle streams. */
  heartbeatMs?: number;
  /** Recompute every showroom with viewers this often: catches moderation changes, a new day, a missed notice. */
  refreshMs?: number;
  /** Connections this process accepts at most. */
  maxClients?: number;
  log?: { warn(obj: object, msg: string): void };
}

interface Client {
  res: ServerResponse;
  /** Has had the current tallies at least once. */
  greeted: boolean;
}

interface Room {
  showroomId: string;
  clients: Set<Client>;
  /** Last data sent (JSON of the tallies), to skip unchanged refreshes and greet new viewers. */
  last: string | null;
  seq: number;
  timer: NodeJS.Timeout | null;
  running: boolean;
  again: boolean;
}

const MAX_BUFFERED = 256 * 1024;

/**
 * Live updates for showroom walls, one per process. It LISTENs once on `visit_stored`
 * (emitted by the visit statement at commit, so every instance on one PostgreSQL hears
 * visits stored by any instance), recomputes a showroom's tallies at most once per
 * debounce window, and writes them as server-sent events to that showroom's viewers.
 */
export class LiveHub<T> {
  private readonly rooms = new Map<string, Room>();
  private unlisten: (() => Promise<void>) | null = null;
  private listening: Promise<void> | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private refresh: NodeJS.Timeout | null = null;
  private closed = false;
  private clientCount = 0;
  private readonly debounceMs: number;
  private readonly heartbeatMs: number;
  private readonly refreshMs: number;
  readonly maxClients: number;
  /** Updates computed (for tests and the benchmark). */
  computed = 0;

  constructor(
    private readonly db: Database,
    private readonly compute: (showroomId: string) => Promise<T>,
    private readonly opts: HubOptions = {},
  ) {
    this.debounceMs = opts.debounceMs ?? 250;
    this.heartbeatMs = opts.heartbeatMs ?? 15_000;
    this.refreshMs = opts.refreshMs ?? 30_000;
    this.maxClients = opts.maxClients ?? 5_000;
  }

  get clients(): number {
    return this.clientCount;
  }

  get full(): boolean {
    return this.clientCount >= this.maxClients;
  }

  /** Subscribes once, on the first viewer: instances without walls hold no LISTEN connection. */
  private ensureListening(): Promise<void> {
    this.listening ??= (async () => {
      this.unlisten = await this.db.listen(VISIT_STORED_CHANNEL, (payload) => this.onNotice(payload));
      this.heartbeat = setInterval(() => this.broadcastAll(': heartbeat\n\n'), this.heartbeatMs);
      this.refresh = setInterval(() => {
        for (const room of this.rooms.values()) this.schedule(room, 0);
      }, this.refreshMs);
      this.heartbeat.unref();
      this.refresh.unref();
    })().catch((err: unknown) => {
      this.listening = null;
      throw err;
    });
    return this.listening;
  }

  private onNotice(payload: string): void {
    let showroomId: unknown;
    try {
      showroomId = (JSON.parse(payload) as { showroomId?: unknown }).showroomId;
    } catch {
      return;
    }
    if (typeof showroomId !== 'string') return;
    const room = this.rooms.get(showroomId);
    if (room) this.schedule(room, this.debounceMs);
  }

  /** At most one computation per room at a time; notices during one run it again once. */
  private schedule(room: Room, delay: number): void {
    if (this.closed) return;
    if (room.running) {
      room.again = true;
      return;
    }
    if (room.timer) return;
    room.timer = setTimeout(() => void this.run(room), delay);
  }

  private async run(room: Room): Promise<void> {
    room.timer = null;
    room.running = true;
    room.again = false;
    try {
      const data = JSON.stringify(await this.compute(room.showroomId));
      this.computed++;
      const changed = data !== room.last;
      if (changed) {
        room.last = data;
        room.seq++;
      }
      const event = `id: ${room.seq}\nevent: tallies\ndata: {"seq":${room.seq},"tallies":${data}}\n\n`;
      for (const c of room.clients) {
        if (!changed && c.greeted) continue;
        c.greeted = true;
        this.write(c, event);
      }
    } catch (err) {
      this.opts.log?.warn({ err: String(err) }, 'wall update failed');
    } finally {
      room.running = false;
      if (room.again && room.clients.size > 0) this.schedule(room, this.debounceMs);
      else if (room.clients.size === 0 && !room.timer) this.rooms.delete(room.showroomId);
    }
  }

  private write(client: Client, chunk: string): void {
    const res = client.res;
    if (res.destroyed || res.writableEnded) return;
    // A viewer that stopped reading must not make the server hold its updates forever.
    if (res.writableLength > MAX_BUFFERED) {
      res.destroy();
      return;
    }
    res.write(chunk);
  }

  private send(room: Room, chunk: string): void {
    for (const c of room.clients) this.write(c, chunk);
  }

  private broadcastAll(chunk: string): void {
    for (const room of this.rooms.values()) this.send(room, chunk);
  }

  /**
   * Takes over an HTTP response as an event stream for one showroom. The first event
   * (the current tallies) follows at once, so a wall that reconnects is up to date.
   */
  async attach(showroomId: string, res: ServerResponse, headers: Record<string, string> = {}): Promise<void> {
    await this.ensureListening();
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    res.socket?.setNoDelay(true);
    res.socket?.setKeepAlive(true, 30_000);
    // Browsers reconnect by themselves after this many ms when the stream drops.
    res.write('retry: 1500\n\n');
    let room = this.rooms.get(showroomId);
    if (!room) {
      room = { showroomId, clients: new Set(), last: null, seq: 0, timer: null, running: false, again: false };
      this.rooms.set(showroomId, room);
    }
    const client: Client = { res, greeted: false };
    room.clients.add(client);
    this.clientCount++;
    const r = room;
    res.on('close', () => {
      if (r.clients.delete(client)) this.clientCount--;
      if (r.clients.size === 0 && !r.running && !r.timer) this.rooms.delete(showroomId);
    });
    if (this.closed) {
      res.end();
      return;
    }
    if (room.last !== null) {
      client.greeted = true;
      this.write(client, `id: ${room.seq}\nevent: tallies\ndata: {"seq":${room.seq},"tallies":${room.last}}\n\n`);
    } else {
      this.schedule(room, 0);
    }
  }

  /** Ends every stream (browsers will reconnect to another instance) and stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.refresh) clearInterval(this.refresh);
    for (const room of this.rooms.values()) {
      if (room.timer) clearTimeout(room.timer);
      for (const c of room.clients) {
        c.res.end();
        // Close the connection too: a viewer's keep-alive socket would otherwise hold server.close() for seconds.
        c.res.socket?.end();
      }
    }
    this.rooms.clear();
    const unlisten = this.unlisten;
    this.unlisten = null;
    if (unlisten) await unlisten().catch(() => {});
  }
}
