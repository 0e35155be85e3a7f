/**
 * Checks an uploaded catalog picture. SVG is accepted only when every element is a plain
 * drawing element and nothing can run or reach outside: no scripts, event handlers,
 * foreignObject, external references, entities or style sheets with URLs. Raster images
 * are accepted by their magic bytes.
 */
const SVG_ELEMENTS = new Set([
  'svg', 'g', 'defs', 'title', 'desc', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'lineargradient', 'radialgradient', 'stop', 'clippath', 'mask', 'use', 'symbol', 'pattern', 'text', 'tspan', 'metadata',
]);

export type PictureCheck = { ok: true; mime: string } | { ok: false; reason: string };

export function checkPicture(bytes: Uint8Array, declaredMime: string): PictureCheck {
  if (bytes.length === 0) return { ok: false, reason: 'the picture is empty' };
  if (bytes.length > 2_000_000) return { ok: false, reason: 'the picture must be at most 2 MB' };
  if (declaredMime === 'image/svg+xml') return checkSvg(Buffer.from(bytes).toString('utf8'));
  const b = bytes;
  const isPng = b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
  const isJpeg = b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  const isWebp = Buffer.from(b.subarray(0, 4)).toString('latin1') === 'RIFF' && Buffer.from(b.subarray(8, 12)).toString('latin1') === 'WEBP';
  const actual = isPng ? 'image/png' : isJpeg ? 'image/jpeg' : isWebp ? 'image/webp' : null;
  if (!actual) return { ok: false, reason: 'only SVG, PNG, JPEG or WebP pictures are accepted' };
  if (actual !== declaredMime) return { ok: false, reason: `the file is a ${actual}, not a ${declaredMime}` };
  return { ok: true, mime: actual };
}

export function checkSvg(text: string): PictureCheck {
  if (/<!DOCTYPE|<!ENTITY|<\?xml-stylesheet/i.test(text)) return { ok: false, reason: 'SVG with DOCTYPE, entities or style sheets is not accepted' };
  if (!/<svg[\s>]/i.test(text)) return { ok: false, reason: 'this is not an SVG file' };
  for (const m of text.matchAll(/<\s*([A-Za-z][\w:.-]*)/g)) {
    const name = m[1]!.toLowerCase().replace(/^svg:/, '');
    if (!SVG_ELEMENTS.has(name)) return { ok: false, reason: `SVG element <${m[1]}> is not accepted` };
  }
  for (const m of text.matchAll(/\s([A-Za-z_:][\w:.-]*)\s*=\s*("[^"]*"|'[^']*')/g)) {
    const attr = m[1]!.toLowerCase();
    const value = m[2]!.slice(1, -1).trim().toLowerCase();
    if (attr.startsWith('on')) return { ok: false, reason: `SVG event handler ${m[1]} is not accepted` };
    if ((attr === 'href' || attr === 'xlink:href') && !value.startsWith('#')) return { ok: false, reason: 'SVG links must point inside the file (#id)' };
    if (/url\(\s*['"]?(?!#)/.test(value) || value.includes('javascript:')) return { ok: false, reason: 'SVG may only reference its own elements (url(#id))' };
  }
  return { ok: true, mime: 'image/svg+xml' };
}
