import qrcode from 'qrcode-generator';

/** A QR code as one SVG path (with a 4-module quiet zone), drawn on the server. */
export interface QrPath {
  size: number;
  d: string;
  /** Dark modules, for drawing the code elsewhere (the PDF). */
  modules: Array<[number, number]>;
}

export function qrPath(text: string): QrPath {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  let d = '';
  const modules: Array<[number, number]> = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.isDark(r, c)) continue;
      modules.push([c, r]);
      d += `M${c + 4} ${r + 4}h1v1h-1z`;
    }
  }
  return { size: n + 8, d, modules };
}
