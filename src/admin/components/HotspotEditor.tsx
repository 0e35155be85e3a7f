import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorNote, useAction } from './ui.tsx';
import { api } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.ts';
import type { CatalogPart, CatalogProduct } from '../lib/types.ts';

const clamp = (v: number) => Math.min(100, Math.max(0, Math.round(v * 10) / 10));

/**
 * The car picture with one marker per part. Drag a marker (pointer events, captured so a
 * fast drag does not lose it) or move it with the arrow keys; the new position is saved
 * when the marker is dropped.
 */
export function HotspotEditor(props: { product: CatalogProduct; write: boolean; onSaved: () => void }) {
  const { t, pick } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [moved, setMoved] = useState<Record<string, { x: number; y: number }>>({});
  const [dragging, setDragging] = useState<string | null>(null);
  const act = useAction();
  const keyTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => setMoved({}), [props.product]);

  const at = (e: PointerEvent) => {
    const r = box.current!.getBoundingClientRect();
    return { x: clamp(((e.clientX - r.left) / r.width) * 100), y: clamp(((e.clientY - r.top) / r.height) * 100) };
  };
  const save = (part: CatalogPart, pos: { x: number; y: number }) =>
    act.run(async () => {
      await api('PATCH', `/parts/${part.id}`, pos);
      props.onSaved();
    });

  return (
    <div class="hotspot-editor">
      {props.write ? <p class="hint">{t.dragHint}</p> : null}
      {act.error ? <ErrorNote error={act.error} /> : null}
      <div class="hotspot-stage" ref={box} data-dragging={dragging ? 'true' : 'false'}>
        <img src={props.product.picture} alt={pick(props.product.nameZh, props.product.nameEn)} draggable={false} />
        {props.product.parts.map((part, i) => {
          const pos = moved[part.id] ?? { x: part.x, y: part.y };
          const name = pick(part.nameZh, part.nameEn);
          return (
            <button
              key={part.id}
              type="button"
              class={`marker${dragging === part.id ? ' dragging' : ''}`}
              style={{ left: `${pos.x}%`, top: `${pos.y}%` }}
              aria-label={t.hotspotLabel(i + 1, name, pos.x, pos.y)}
              data-part={part.key}
              disabled={!props.write}
              onPointerDown={(e) => {
                if (!props.write) return;
                e.preventDefault();
                (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
                setDragging(part.id);
              }}
              onPointerMove={(e) => {
                if (dragging !== part.id) return;
                const p = at(e);
                setMoved((m) => ({ ...m, [part.id]: p }));
              }}
              onPointerUp={(e) => {
                if (dragging !== part.id) return;
                setDragging(null);
                const p = at(e);
                setMoved((m) => ({ ...m, [part.id]: p }));
                if (p.x !== part.x || p.y !== part.y) void save(part, p);
              }}
              onPointerCancel={() => setDragging(null)}
              onKeyDown={(e) => {
                const step = e.shiftKey ? 5 : 1;
                const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
                if (!d || !props.write) return;
                e.preventDefault();
                const next = { x: clamp(pos.x + d[0]!), y: clamp(pos.y + d[1]!) };
                setMoved((m) => ({ ...m, [part.id]: next }));
                clearTimeout(keyTimer.current);
                keyTimer.current = setTimeout(() => void save(part, next), 700);
              }}
            >
              <span aria-hidden="true">{i + 1}</span>{' '}
              <span class="marker-name" aria-hidden="true">
                {name}
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}

