/**
 * Checks an uploaded catalog picture. SVG is accepted only when a real XML parser reads it
 * as well-formed SVG in which every element is a plain drawing element and nothing can run
 * or reach outside: no scripts, event handlers, foreignObject, animation, external or
 * javascript: references, entities, DOCTYPEs, processing instructions or CSS that could
 * fetch. A regular expression over the text is not enough (entities such as `&#106;` hide
 * "javascript:", `<svg/onload=…>` has no space before the attribute), so the values checked
 * are the ones the parser decoded. Raster pictures are checked by their content: the magic
 * bytes, a readable header, and pixel dimensions a tablet can decode.
 */
import { SaxesParser } from 'saxes';

export const PICTURE_MAX_BYTES = 2_000_000;
/** Larger bitmaps decode to hundreds of MB on a kiosk tablet (a "decompression bomb"). */
export const PICTURE_MAX_PIXELS = 8192;
const SVG_MAX_ELEMENTS = 20_000;
const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

const SVG_ELEMENTS = new Set([
  'svg', 'g', 'defs', 'title', 'desc', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'lineargradient', 'radialgradient', 'stop', 'clippath', 'mask', 'use', 'symbol', 'pattern', 'text', 'tspan', 'metadata',
]);

export type PictureCheck = { ok: true; mime: string } | { ok: false; reason: string };

export function checkPicture(bytes: Uint8Array, declaredMime: string): PictureCheck {
  if (bytes.length === 0) return { ok: false, reason: 'the picture is empty' };
  if (bytes.length > PICTURE_MAX_BYTES) return { ok: false, reason: 'the picture must be at most 2 MB' };
  if (declaredMime === 'image/svg+xml') return checkSvg(Buffer.from(bytes).toString('utf8'));
  const actual = sniffRaster(bytes);
  if (!actual) return { ok: false, reason: 'only SVG, PNG, JPEG or WebP pictures are accepted' };
  if (actual !== declaredMime) return { ok: false, reason: `the file is a ${actual}, not a ${declaredMime}` };
  const size = rasterSize(bytes, actual);
  if (!size) return { ok: false, reason: `the ${actual} file is damaged or truncated` };
  if (size.width < 1 || size.height < 1 || size.width > PICTURE_MAX_PIXELS || size.height > PICTURE_MAX_PIXELS) {
    return { ok: false, reason: `the picture must be at most ${PICTURE_MAX_PIXELS}×${PICTURE_MAX_PIXELS} pixels` };
  }
  return { ok: true, mime: actual };
}

function sniffRaster(b: Uint8Array): string | null {
  const ascii = (from: number, to: number) => Buffer.from(b.subarray(from, to)).toString('latin1');
  if (b[0] === 0x89 && ascii(1, 8) === 'PNG\r\n\x1a\n') return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Pixel size from the header each format starts with, or null when there is no readable one. */
export function rasterSize(b: Uint8Array, mime: string): { width: number; height: number } | null {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (mime === 'image/png') {
    // Signature, then the IHDR chunk must come first.
    if (buf.length < 33 || buf.toString('latin1', 12, 16) !== 'IHDR') return null;
    return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  }
  if (mime === 'image/jpeg') {
    // Walk the markers to the first start-of-frame (SOF0…SOF15, except DHT/JPG/DAC).
    let i = 2;
    while (i + 9 < buf.length) {
      if (buf[i] !== 0xff) return null;
      const marker = buf[i + 1]!;
      if (marker === 0xff) {
        i++;
        continue;
      }
      const len = buf.readUInt16BE(i + 2);
      if (len < 2) return null;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
      }
      i += 2 + len;
    }
    return null;
  }
  if (mime === 'image/webp') {
    if (buf.length < 30) return null;
    const chunk = buf.toString('latin1', 12, 16);
    if (chunk === 'VP8X') return { width: 1 + buf.readUIntLE(24, 3), height: 1 + buf.readUIntLE(27, 3) };
    if (chunk === 'VP8L' && buf[20] === 0x2f) {
      const bits = buf.readUInt32LE(21);
      return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
    }
    if (chunk === 'VP8 ' && buf[23] === 0x9d && buf[24] === 0x01 && buf[25] === 0x2a) {
      return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
    }
    return null;
  }
  return null;
}

/** CSS that could fetch or evaluate: url() other than #id, @import, expression(), escapes that hide either. */
function unsafeCss(value: string): boolean {
  const v = value.toLowerCase();
  if (v.includes('\\') || v.includes('@import') || v.includes('expression(') || v.includes('image-set(') || /(^|[^a-z-])image\(/.test(v)) return true;
  for (const m of v.matchAll(/url\s*\(\s*(['"]?)\s*([^'")\s]*)/g)) if (!m[2]!.startsWith('#')) return true;
  return false;
}

export function checkSvg(text: string): PictureCheck {
  if (/<!DOCTYPE|<!ENTITY|<\?xml-stylesheet/i.test(text)) return { ok: false, reason: 'SVG with DOCTYPE, entities or style sheets is not accepted' };
  const parser = new SaxesParser({ xmlns: true, position: false });
  let problem: string | null = null;
  let elements = 0;
  let depth = 0;
  let sawRoot = false;
  const refuse = (reason: string) => {
    problem ??= reason;
  };
  parser.on('doctype', () => refuse('SVG with DOCTYPE, entities or style sheets is not accepted'));
  parser.on('processinginstruction', (pi) => {
    if (pi.target.toLowerCase() !== 'xml') refuse(`SVG processing instruction <?${pi.target}?> is not accepted`);
  });
  parser.on('opentag', (tag) => {
    elements++;
    depth++;
    if (depth === 1) {
      sawRoot = true;
      if (tag.local !== 'svg' || tag.uri !== SVG_NS) refuse('this is not an SVG file (the root must be <svg xmlns="http://www.w3.org/2000/svg">)');
    }
    if (tag.uri !== SVG_NS) refuse(`SVG element <${tag.name}> from another namespace is not accepted`);
    else if (!SVG_ELEMENTS.has(tag.local.toLowerCase())) refuse(`SVG element <${tag.name}> is not accepted`);
    for (const attr of Object.values(tag.attributes)) {
      const local = attr.local.toLowerCase();
      const value = attr.value.trim();
      const lower = value.toLowerCase().replace(/[\s\u0000-\u001f]/g, '');
      if (local.startsWith('on')) refuse(`SVG event handler ${attr.name} is not accepted`);
      else if (attr.prefix === 'xml' && local === 'base') refuse('SVG xml:base is not accepted');
      else if (attr.prefix === 'xmlns' || (attr.prefix === '' && local === 'xmlns')) continue;
      else if (attr.uri !== '' && attr.uri !== XLINK_NS && attr.prefix !== 'xml') refuse(`SVG attribute ${attr.name} from another namespace is not accepted`);
      else if (local === 'href' && !value.startsWith('#')) refuse('SVG links must point inside the file (#id)');
      else if (lower.includes('javascript:') || lower.includes('data:') || lower.includes('vbscript:')) refuse('SVG may not contain script or data URLs');
      else if (unsafeCss(value)) refuse('SVG may only reference its own elements (url(#id)) and may not import style sheets');
    }
    if (elements > SVG_MAX_ELEMENTS) refuse(`SVG may have at most ${SVG_MAX_ELEMENTS} elements`);
  });
  parser.on('closetag', () => {
    depth--;
  });
  parser.on('error', (err) => refuse(`the SVG is not well-formed XML: ${err.message.split('\n')[0]}`));
  try {
    parser.write(text).close();
  } catch (err) {
    refuse(`the SVG is not well-formed XML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (problem) return { ok: false, reason: problem };
  if (!sawRoot) return { ok: false, reason: 'this is not an SVG file' };
  return { ok: true, mime: 'image/svg+xml' };
}
