import { useMemo } from 'preact/hooks';
import { qrPath } from '../../family/qr.ts';

/** A QR code as one SVG path (qrcode-generator), with its quiet zone. */
export function Qr(props: { text: string; label: string; class?: string }) {
  const qr = useMemo(() => qrPath(props.text), [props.text]);
  return (
    <svg class={`qr ${props.class ?? ''}`} viewBox={`0 0 ${qr.size} ${qr.size}`} role="img" aria-label={props.label} shape-rendering="crispEdges">
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={qr.d} fill="#2b2340" />
    </svg>
  );
}
