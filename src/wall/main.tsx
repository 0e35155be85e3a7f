import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { publicMessages } from '../family/i18n.ts';
import { StickerLayer } from '../shared/StickerLayer.tsx';
import type { WallDrawing, WallEvent, WallSnapshot, WallTallies } from '../server/live/wall-schema.ts';
import './styles.css';

/**
 * The showroom wall: a full-screen page for a TV, readable from across the room, in both
 * languages at once. It loads a snapshot, then follows server-sent events; it reconnects by
 * itself (the browser retries dropped streams; a refused one is retried here with backoff)
 * and reloads the snapshot after every reconnect. It shows counts and approved drawings only.
 */

const zh = publicMessages('zh-CN');
const en = publicMessages('en');
const SLIDE_MS = 8_000;
const slug = decodeURIComponent(location.pathname.replace(/^\/wall\//, '').replace(/\/.*$/, ''));
const api = `/api/v1/wall/${encodeURIComponent(slug)}`;

type Connection = 'connecting' | 'open' | 'offline';

function useWall(): { snapshot: WallSnapshot | null; tallies: WallTallies | null; connection: Connection; seq: number } {
  const [snapshot, setSnapshot] = useState<WallSnapshot | null>(null);
  const [tallies, setTallies] = useState<WallTallies | null>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [seq, setSeq] = useState(0);
  const drawingsKey = useRef<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let es: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let backoff = 1_000;
    let loading = false;

    const loadSnapshot = async () => {
      if (loading) return;
      loading = true;
      try {
        const r = await fetch(api, { cache: 'no-store' });
        if (!r.ok) return;
        const s = (await r.json()) as WallSnapshot;
        if (stopped) return;
        drawingsKey.current = s.tallies.drawingsKey;
        setSnapshot(s);
        setTallies((t) => t ?? s.tallies);
      } catch {
        /* the event stream's reconnect will try again */
      } finally {
        loading = false;
      }
    };

    const connect = () => {
      if (stopped) return;
      es = new EventSource(`${api}/events`);
      es.onopen = () => {
        backoff = 1_000;
        setConnection('open');
        void loadSnapshot();
      };
      es.addEventListener('tallies', (e) => {
        const ev = JSON.parse((e as MessageEvent<string>).data) as WallEvent;
        setTallies(ev.tallies);
        setSeq(ev.seq);
        if (ev.tallies.drawingsKey !== drawingsKey.current) void loadSnapshot();
      });
      es.onerror = () => {
        setConnection('offline');
        // A dropped stream is retried by the browser; a refused one (a 5xx from a proxy, a
        // restarting server) closes the EventSource for good, so start a new one here.
        if (es && es.readyState === EventSource.CLOSED) {
          es.close();
          retry = setTimeout(connect, backoff);
          backoff = Math.min(backoff * 2, 15_000);
        }
      };
    };

    void loadSnapshot();
    connect();
    return () => {
      stopped = true;
      es?.close();
      if (retry) clearTimeout(retry);
    };
  }, []);

  return { snapshot, tallies, connection, seq };
}

function Both({ zh: z, en: e, class: cls }: { zh: string; en: string; class?: string }) {
  return (
    <span class={cls}>
      <span class="zh">{z}</span> <span class="en" lang="en">{e}</span>
    </span>
  );
}

function Counter({ value }: { value: number }) {
  const [bump, setBump] = useState(false);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    setBump(true);
    const t = setTimeout(() => setBump(false), 900);
    return () => clearTimeout(t);
  }, [value]);
  return (
    <p class={`wall-count${bump ? ' bump' : ''}`} aria-live="polite" data-count={value}>
      {value}
    </p>
  );
}

function Bars({ tallies }: { tallies: WallTallies }) {
  const parts = tallies.parts.filter((p) => p.rated > 0);
  if (parts.length === 0) return <p class="wall-empty"><Both zh={zh.wallNoRatings} en={en.wallNoRatings} /></p>;
  const max = Math.max(1, ...parts.map((p) => p.loves));
  return (
    <ol class="bars">
      {parts.map((p) => (
        <li class="bar" key={p.key} data-part={p.key}>
          {p.icon ? <img class="bar-icon" src={p.icon} alt="" width={88} height={88} /> : <span class="bar-icon" />}
          <div class="bar-body">
            <div class="bar-label">
              <span class="zh">{p.name['zh-CN']}</span> <span class="en" lang="en">{p.name.en}</span>
            </div>
            <div class="bar-track">
              {/* Set through the CSSOM (allowed by the CSP's style-src 'self'), so the bar can grow smoothly. */}
              <div class="bar-fill" style={{ width: `${Math.max(2, (p.loves / max) * 100).toFixed(1)}%` }} />
            </div>
          </div>
          <span class="bar-count" aria-label={`${zh.wallLoves(p.loves)} · ${en.wallLoves(p.loves)}`}>
            ♥ {p.loves}
          </span>
        </li>
      ))}
    </ol>
  );
}

function Slideshow({ drawings }: { drawings: WallDrawing[] }) {
  const [i, setI] = useState(0);
  useEffect(() => {
    setI(0);
    if (drawings.length < 2) return;
    const t = setInterval(() => setI((n) => (n + 1) % drawings.length), SLIDE_MS);
    return () => clearInterval(t);
  }, [drawings]);
  if (drawings.length === 0) return <p class="wall-empty"><Both zh={zh.wallNoIdeas} en={en.wallNoIdeas} /></p>;
  const d = drawings[Math.min(i, drawings.length - 1)]!;
  return (
    <figure class="slide" key={d.id}>
      <svg viewBox={`0 0 ${d.width} ${d.height}`} role="img" aria-label={`${zh.drawingAlt} · ${d.product['zh-CN']} / ${d.product.en}`}>
        <rect width={d.width} height={d.height} fill="#fff" />
        {d.paths.map((p) => (
          <path d={p.d} fill={p.fill} />
        ))}
        <StickerLayer stickers={d.stickers ?? []} />
      </svg>
      <figcaption>
        <span class="zh">{d.product['zh-CN']}</span> <span class="en" lang="en">{d.product.en}</span>
        {drawings.length > 1 ? <span class="slide-dots" aria-hidden="true">{drawings.map((_, n) => (n === i ? '●' : '○')).join(' ')}</span> : null}
      </figcaption>
    </figure>
  );
}

function Wall() {
  const { snapshot, tallies, connection, seq } = useWall();
  const t = tallies ?? snapshot?.tallies ?? null;
  return (
    <main class="wall" data-connection={connection} data-seq={seq} aria-busy={t ? 'false' : 'true'}>
      <header class="wall-head">
        <h1 class="wall-title">
          <Both zh={zh.wallTitle} en={en.wallTitle} />
        </h1>
        {snapshot ? (
          <p class="wall-showroom">
            {snapshot.showroom.name['zh-CN']} · <span lang="en">{snapshot.showroom.name.en}</span>
          </p>
        ) : null}
      </header>
      <section class="panel count-panel" aria-labelledby="count-label">
        <Counter value={t?.visitsToday ?? 0} />
        <h2 id="count-label" class="count-label">
          <Both zh={zh.wallToday} en={en.wallToday} />
        </h2>
      </section>
      <section class="panel love-panel" aria-labelledby="love-title">
        <h2 id="love-title">
          <Both zh={zh.wallLove} en={en.wallLove} />
        </h2>
        {t ? <Bars tallies={t} /> : null}
      </section>
      <section class="panel ideas-panel" aria-labelledby="ideas-title">
        <h2 id="ideas-title">
          <Both zh={zh.wallIdeas} en={en.wallIdeas} />
        </h2>
        {snapshot ? <Slideshow drawings={snapshot.drawings} /> : null}
      </section>
      <section class="panel qr-panel" aria-labelledby="qr-title">
        {snapshot ? (
          <svg class="wall-qr" viewBox={`0 0 ${snapshot.heard.qr.size} ${snapshot.heard.qr.size}`} role="img" aria-label={snapshot.heard.url} shape-rendering="crispEdges">
            <rect width={snapshot.heard.qr.size} height={snapshot.heard.qr.size} fill="#fff" />
            <path d={snapshot.heard.qr.d} fill="#000" />
          </svg>
        ) : null}
        <h2 id="qr-title" class="qr-text">
          <Both zh={zh.wallScan} en={en.wallScan} />
        </h2>
      </section>
      <p class="wall-status" role="status" data-state={connection}>
        {connection === 'open' ? '' : `${zh.wallOffline} ${en.wallOffline}`}
      </p>
    </main>
  );
}

render(<Wall />, document.getElementById('app')!);
