import { useMemo } from 'preact/hooks';
import { drawingToPaths } from '../../family/drawing.ts';
import { StickerLayer } from '../../shared/StickerLayer.tsx';

/** A child's drawing, rebuilt from its strokes as SVG paths (the same outlines the kiosk drew). */
export function Drawing(props: { drawing: unknown; label: string; class?: string }) {
  const paths = useMemo(() => drawingToPaths(props.drawing), [props.drawing]);
  if (!paths) return null;
  return (
    <svg class={`drawing ${props.class ?? ''}`} viewBox={`0 0 ${paths.width} ${paths.height}`} role="img" aria-label={props.label} preserveAspectRatio="xMidYMid meet">
      <rect width={paths.width} height={paths.height} fill="#fff" />
      {paths.paths.map((p, i) => (
        <path key={i} d={p.d} fill={p.fill} />
      ))}
      <StickerLayer stickers={paths.stickers} />
    </svg>
  );
}
