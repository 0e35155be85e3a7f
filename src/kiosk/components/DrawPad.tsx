import { getStroke } from 'perfect-freehand';
import { useEffect, useRef, useState } from 'preact/hooks';
import { messages } from '../lib/i18n.ts';
import { Icon } from './Faces.tsx';
import type { IdeaEditorProps } from './Idea.tsx';

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

export function DrawPad({ draft, onDone }: IdeaEditorProps) {
  const t = messages(draft.locale);
  const [strokes, setStrokes] = useState<Stroke[]>(draft.idea?.kind === 'drawing' ? (draft.idea.strokes as Stroke[]) : []);
  const [colour, setColour] = useState<string>(COLOURS[4][0]);
  const [size, setSize] = useState(SIZES[0]!);
  const [live, setLive] = useState<Stroke | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const liveRef = useRef<Stroke | null>(null);

  const toPoint = (e: PointerEvent): [number, number] => {
    const r = svg.current!.getBoundingClientRect();
    return [Math.round(((e.clientX - r.left) / r.width) * WIDTH), Math.round(((e.clientY - r.top) / r.height) * HEIGHT)];
  };
  const down = (e: PointerEvent) => {
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    liveRef.current = { color: colour, size, points: [toPoint(e)] };
    setLive(liveRef.current);
  };
  const move = (e: PointerEvent) => {
    const s = liveRef.current;
    if (!s || s.points.length >= 1999) return;
    s.points.push(toPoint(e));
    setLive({ ...s });
  };
  const up = () => {
    const s = liveRef.current;
    liveRef.current = null;
    setLive(null);
    if (s && strokes.length < 500) setStrokes([...strokes, s]);
  };
  useEffect(() => () => void (liveRef.current = null), []);

  return (
    <div class="drawpad">
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
      </svg>
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
        <button type="button" class="round-button" aria-label={t.undo} disabled={strokes.length === 0} onClick={() => setStrokes(strokes.slice(0, -1))}>
          <Icon name="undo" />
        </button>
        <button type="button" class="round-button" aria-label={t.clear} disabled={strokes.length === 0} onClick={() => setStrokes([])}>
          <Icon name="trash" />
        </button>
        <button
          type="button"
          class="nav-button primary"
          onClick={() => onDone(strokes.length ? { kind: 'drawing', width: WIDTH, height: HEIGHT, strokes: strokes.map((s) => ({ ...s, points: s.points.slice(0, 2000) })) } : null)}
        >
          <Icon name="check" />
          {t.done}
        </button>
      </div>
    </div>
  );
}
