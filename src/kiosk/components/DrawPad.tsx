import { getStroke } from 'perfect-freehand';
import { useEffect, useRef, useState } from 'preact/hooks';
import { messages } from '../lib/i18n.ts';
import { Icon } from './Faces.tsx';
import type { IdeaEditorProps } from './Idea.tsx';
import { StickerLayer } from '../../shared/StickerLayer.tsx';
import { STICKER_LIMITS, type PlacedSticker, type StickerId } from '../../shared/stickers.ts';
import { DEFAULT_STICKER_SIZE, KIOSK_STICKER_SIZES, StickerTray, nextStickerSize, stickerAt } from './StickerTray.tsx';

const WIDTH = 1000;
const HEIGHT = 700;
const COLOURS = [
  ['#e5484d', 'red', '红色'],
  ['#f76b15', 'orange', '橙色'],
  ['#ffc53d', 'yellow', '黄色'],
  ['#30a46c', 'green', '绿色'],
  ['#0090ff', 'blue', '蓝色'],
  ['#8e4ec6', 'purple', '紫色'],
  ['#3a2a1a', 'brown', '棕色'],
] as const;
const SIZES = [10, 22];

interface Stroke {
  color: string;
  size: number;
  points: [number, number][];
}

/** Smooth, pressure-like strokes from perfect-freehand; stored as raw points so the team can redraw them. */
function outline(s: Stroke): string {
  const pts = getStroke(s.points, { size: s.size, thinning: 0.5, smoothing: 0.6, streamline: 0.5 });
  if (pts.length === 0) return '';
  return pts.reduce((d, [x, y], i) => d + `${i === 0 ? 'M' : 'L'}${x!.toFixed(1)} ${y!.toFixed(1)}`, '') + 'Z';
}

interface Picture {
  strokes: Stroke[];
  stickers: PlacedSticker[];
}

export function DrawPad({ draft, onDone }: IdeaEditorProps) {
  const t = messages(draft.locale);
  const saved = draft.idea?.kind === 'drawing' ? draft.idea : null;
  const [pic, setPic] = useState<Picture>({ strokes: (saved?.strokes ?? []) as Stroke[], stickers: (saved?.stickers ?? []).map((s) => ({ ...s })) });
  // Undo steps back through whole pictures, so it takes back strokes and sticker moves alike.
  const [history, setHistory] = useState<Picture[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [colour, setColour] = useState<string>(COLOURS[4][0]);
  const [size, setSize] = useState(SIZES[0]!);
  const [live, setLive] = useState<Stroke | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const liveRef = useRef<Stroke | null>(null);
  const drag = useRef<{ index: number; dx: number; dy: number; before: Picture; moved: boolean } | null>(null);
  // Fingers on the canvas, for a pinch: two fingers on a sticker being moved resize it.
  const fingers = useRef(new Map<number, [number, number]>());
  const pinch = useRef<{ index: number; dist: number; size: number } | null>(null);
  const { strokes, stickers } = pic;

  const commit = (next: Picture) => {
    setHistory([...history.slice(-49), pic]);
    setPic(next);
  };
  const toPoint = (e: PointerEvent): [number, number] => {
    const r = svg.current!.getBoundingClientRect();
    return [Math.round(((e.clientX - r.left) / r.width) * WIDTH), Math.round(((e.clientY - r.top) / r.height) * HEIGHT)];
  };
  const down = (e: PointerEvent) => {
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    const [x, y] = toPoint(e);
    fingers.current.set(e.pointerId, [x, y]);
    const d = drag.current;
    if (d && fingers.current.size === 2) {
      pinch.current = { index: d.index, dist: spread(fingers.current), size: stickers[d.index]!.size };
      return;
    }
    const hit = stickerAt(stickers, x, y);
    if (hit >= 0) {
      // A finger on a sticker moves it; anywhere else draws.
      setSelected(hit);
      drag.current = { index: hit, dx: stickers[hit]!.x - x, dy: stickers[hit]!.y - y, before: pic, moved: false };
      return;
    }
    setSelected(null);
    liveRef.current = { color: colour, size, points: [[x, y]] };
    setLive(liveRef.current);
  };
  const move = (e: PointerEvent) => {
    const d = drag.current;
    if (fingers.current.has(e.pointerId)) fingers.current.set(e.pointerId, toPoint(e));
    const p = pinch.current;
    if (d && p) {
      const size = clamp((p.size * spread(fingers.current)) / Math.max(1, p.dist), PINCH_MIN, PINCH_MAX);
      d.moved = true;
      setPic({ ...pic, stickers: stickers.map((s, i) => (i === p.index ? { ...s, size } : s)) });
      return;
    }
    if (d) {
      const [x, y] = toPoint(e);
      const next = stickers.map((s, i) => (i === d.index ? { ...s, x: clamp(x + d.dx, 0, WIDTH), y: clamp(y + d.dy, 0, HEIGHT) } : s));
      d.moved = true;
      setPic({ ...pic, stickers: next });
      return;
    }
    const s = liveRef.current;
    if (!s || s.points.length >= 1999) return;
    s.points.push(toPoint(e));
    setLive({ ...s });
  };
  const up = (e: PointerEvent) => {
    fingers.current.delete(e.pointerId);
    // A pinch ends when a finger lifts; the sticker then stays where it is until the next touch.
    pinch.current = null;
    const d = drag.current;
    drag.current = null;
    if (d) {
      if (d.moved) setHistory([...history.slice(-49), d.before]);
      return;
    }
    const s = liveRef.current;
    liveRef.current = null;
    setLive(null);
    if (s && strokes.length < 500) commit({ ...pic, strokes: [...strokes, s] });
  };
  useEffect(() => () => void (liveRef.current = null), []);

  const place = (id: StickerId) => {
    if (stickers.length >= STICKER_LIMITS.max) return;
    // New stickers land near the middle, each a little further along, so none hides another.
    const n = stickers.length % 6;
    const sticker = { id, x: WIDTH / 2 - 150 + n * 60, y: HEIGHT / 2 - 60 + (n % 3) * 60, size: DEFAULT_STICKER_SIZE };
    commit({ ...pic, stickers: [...stickers, sticker] });
    setSelected(stickers.length);
  };
  const resize = (step: 1 | -1) => {
    if (selected === null || !stickers[selected]) return;
    const next = nextStickerSize(stickers[selected]!.size, step);
    if (next === null) return;
    commit({ ...pic, stickers: stickers.map((s, i) => (i === selected ? { ...s, size: next } : s)) });
  };
  const remove = () => {
    if (selected === null) return;
    commit({ ...pic, stickers: stickers.filter((_, i) => i !== selected) });
    setSelected(null);
  };
  const undo = () => {
    const prev = history[history.length - 1];
    if (!prev) return;
    setHistory(history.slice(0, -1));
    setPic(prev);
    setSelected(null);
  };
  const empty = strokes.length === 0 && stickers.length === 0;
  const finish = () =>
    onDone(
      empty
        ? null
        : {
            kind: 'drawing',
            width: WIDTH,
            height: HEIGHT,
            strokes: strokes.map((s) => ({ ...s, points: s.points.slice(0, 2000) })),
            ...(stickers.length ? { stickers } : {}),
          },
    );

  return (
    <div class="drawpad">
      <div class="draw-stage">
        <svg
          ref={svg}
          class="canvas"
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label={t.drawPrompt}
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onPointerCancel={up}
        >
          <rect width={WIDTH} height={HEIGHT} fill="#fff" />
          {strokes.map((s) => (
            <path d={outline(s)} fill={s.color} />
          ))}
          {live ? <path d={outline(live)} fill={live.color} /> : null}
          <StickerLayer stickers={stickers} selected={selected} />
        </svg>
        <StickerTray
          locale={draft.locale}
          count={stickers.length}
          selected={selected === null ? null : (stickers[selected] ?? null)}
          onPick={place}
          onResize={resize}
          onRemove={remove}
        />
      </div>
      <div class="draw-tools">
        <div class="swatches" role="radiogroup" aria-label={t.colour}>
          {COLOURS.map(([hex, en, zh]) => (
            <button type="button" role="radio" aria-checked={colour === hex} aria-label={draft.locale === 'en' ? en : zh} class="swatch" onClick={() => setColour(hex)}>
              <span style={{ background: hex }} />
            </button>
          ))}
        </div>
        <div class="sizes" role="radiogroup" aria-label={t.brush}>
          {SIZES.map((s) => (
            <button type="button" role="radio" aria-checked={size === s} aria-label={`${t.brush} ${s}`} class="size" onClick={() => setSize(s)}>
              <span style={{ width: `${s}px`, height: `${s}px` }} />
            </button>
          ))}
        </div>
        <button type="button" class="round-button draw-undo" aria-label={t.undo} disabled={history.length === 0} onClick={undo}>
          <Icon name="undo" />
        </button>
        <button type="button" class="round-button draw-clear" aria-label={t.clear} disabled={empty} onClick={() => (commit({ strokes: [], stickers: [] }), setSelected(null))}>
          <Icon name="trash" />
        </button>
        <button type="button" class="nav-button primary" onClick={finish}>
          <Icon name="check" />
          {t.done}
        </button>
      </div>
    </div>
  );
}

const [PINCH_MIN, PINCH_MAX] = [KIOSK_STICKER_SIZES[0], KIOSK_STICKER_SIZES[KIOSK_STICKER_SIZES.length - 1]!];

function spread(fingers: Map<number, [number, number]>): number {
  const [a, b] = [...fingers.values()];
  return a && b ? Math.hypot(a[0] - b[0], a[1] - b[1]) : 0;
}

function clamp(v: number, min: number, max: number): number {
  return Math.round(Math.min(max, Math.max(min, v)));
}
