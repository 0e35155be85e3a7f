import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFPage, type RGB } from 'pdf-lib';
import type { TicketView } from '../shared/tickets.ts';
import { formatDate } from './FamilyPage.tsx';
import { publicMessages, type PublicLocale } from './i18n.ts';
import type { QrPath } from './qr.ts';

/**
 * The printable certificate as a PDF (A4), in Chinese or English.
 *
 * Text is drawn as vector outlines taken from Noto Sans SC (the @fontsource/noto-sans-sc
 * package's "chinese-simplified" file, which also has Latin glyphs), so the PDF needs no
 * font on the reader's device and stays small (a few KB: only the glyphs used). Embedding
 * the CJK font as a font instead would make every PDF megabytes, since its CFF outlines do
 * not subset. The cost: the text in the PDF is not selectable; the family page has it as text.
 */

const require = createRequire(import.meta.url);
const FONT_FILE = require.resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff2');

interface Glyph {
  path: { scale(x: number, y: number): { translate(x: number, y: number): { toSVG(): string } } };
}
interface Font {
  unitsPerEm: number;
  layout(text: string): { glyphs: Glyph[]; positions: Array<{ xAdvance: number; xOffset: number; yOffset: number }> };
}

// Parsed once per process; the first certificate also decodes the outlines (~0.4 s, once).
let fontPromise: Promise<Font> | null = null;
function loadFont(): Promise<Font> {
  fontPromise ??= readFile(FONT_FILE).then((bytes) => fontkit.create(bytes) as unknown as Font);
  return fontPromise;
}

const VIOLET = rgb(0x6e / 255, 0x56 / 255, 0xcf / 255);
const VIOLET_DARK = rgb(0x4b / 255, 0x3a / 255, 0xa3 / 255);
const INK = rgb(0x2b / 255, 0x23 / 255, 0x40 / 255);
const MUTED = rgb(0x5b / 255, 0x52 / 255, 0x70 / 255);
const SUN = rgb(1, 0xc5 / 255, 0x3d / 255);
const CREAM = rgb(1, 0xf8 / 255, 0xe7 / 255);

/** Text as one SVG path at `size` points, and its width. Characters the font lacks are skipped. */
function textPath(font: Font, text: string, size: number): { d: string; width: number } {
  const run = font.layout(text.normalize('NFC'));
  const scale = size / font.unitsPerEm;
  let x = 0;
  let d = '';
  run.glyphs.forEach((g, i) => {
    const pos = run.positions[i]!;
    d += g.path.scale(scale, -scale).translate(x + pos.xOffset * scale, -pos.yOffset * scale).toSVG();
    x += pos.xAdvance * scale;
  });
  return { d, width: x };
}

function drawCentered(page: PDFPage, font: Font, text: string, opts: { y: number; size: number; color: RGB; maxWidth?: number; cx?: number }): void {
  if (!text) return;
  let size = opts.size;
  let tp = textPath(font, text, size);
  const max = opts.maxWidth ?? 480;
  if (tp.width > max) {
    size = (size * max) / tp.width;
    tp = textPath(font, text, size);
  }
  const cx = opts.cx ?? page.getWidth() / 2;
  // drawSvgPath puts the path's origin at (x, y) with SVG's downward y: the baseline sits at y.
  if (tp.d) page.drawSvgPath(tp.d, { x: cx - tp.width / 2, y: opts.y, color: opts.color });
}

export async function certificatePdf(view: TicketView, locale: PublicLocale, qr: QrPath, link: string): Promise<Uint8Array> {
  const font = await loadFont();
  const t = publicMessages(locale);
  const other = publicMessages(locale === 'en' ? 'zh-CN' : 'en');
  const L = (x: { 'zh-CN': string; en: string }) => x[locale];

  const doc = await PDFDocument.create();
  doc.setTitle(`${t.certificateOf} · ${view.ticket}`);
  doc.setSubject(t.thanksFor(L(view.product.name)));
  doc.setAuthor(t.brand);
  doc.setCreator('Little Advisors');
  doc.setProducer('Little Advisors');
  doc.setLanguage(locale);
  doc.setCreationDate(new Date(view.date));

  const page = doc.addPage([595.28, 841.89]);
  const W = page.getWidth();
  const H = page.getHeight();

  page.drawRectangle({ x: 0, y: 0, width: W, height: H, color: CREAM });
  page.drawRectangle({ x: 28, y: 28, width: W - 56, height: H - 56, borderColor: SUN, borderWidth: 14, color: rgb(1, 1, 1) });
  page.drawRectangle({ x: 50, y: H - 170, width: W - 100, height: 110, color: VIOLET });
  // The ribbon badge, as on the family page.
  page.drawSvgPath('M0 0 H56 V70 L28 56 L0 70 Z', { x: W - 120, y: H - 42, color: SUN });
  page.drawSvgPath(starPath(28, 30, 17, 7.5), { x: W - 120, y: H - 42, color: VIOLET_DARK });

  drawCentered(page, font, `${t.certificate} · ${other.certificate}`.toUpperCase(), { y: H - 95, size: 15, color: SUN });
  drawCentered(page, font, t.certificateOf, { y: H - 140, size: 36, color: rgb(1, 1, 1) });
  drawCentered(page, font, other.certificateOf, { y: H - 205, size: 18, color: MUTED });

  let y = H - 290;
  page.drawSvgPath(starPath(0, 0, 48, 21), { x: W / 2, y: y + 10, color: SUN });
  y -= 95;
  if (view.nickname) {
    drawCentered(page, font, view.nickname, { y, size: 34, color: INK });
    y -= 50;
  }
  drawCentered(page, font, t.thanksFor(L(view.product.name)), { y, size: 22, color: VIOLET_DARK });
  y -= 40;
  drawCentered(page, font, `${L(view.showroom.name)} · ${formatDate(view.date, locale)}`, { y, size: 16, color: MUTED });

  // QR code to the family page, with the ticket code beside it.
  const module = 3.6;
  const qrSide = qr.size * module;
  const qrX = W / 2 - qrSide - 10;
  const qrY = 150;
  page.drawRectangle({ x: qrX, y: qrY, width: qrSide, height: qrSide, color: rgb(1, 1, 1) });
  let d = '';
  for (const [c, r] of qr.modules) d += `M${(c + 4) * module} ${(r + 4) * module}h${module}v${module}h-${module}z`;
  page.drawSvgPath(d, { x: qrX, y: qrY + qrSide, color: rgb(0, 0, 0) });
  const tx = W / 2 + 90;
  drawCentered(page, font, t.ticketLabel, { y: qrY + qrSide / 2 + 26, size: 14, color: MUTED, cx: tx });
  drawCentered(page, font, view.ticket, { y: qrY + qrSide / 2 - 6, size: 26, color: INK, cx: tx, maxWidth: 190 });
  drawCentered(page, font, link.replace(/^https?:\/\//, ''), { y: 95, size: 11, color: MUTED, maxWidth: 470 });
  return doc.save();
}

/** A five-pointed star centred on (cx, cy) in SVG coordinates. */
function starPath(cx: number, cy: number, outer: number, inner: number): string {
  let d = '';
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    d += `${i === 0 ? 'M' : 'L'}${(cx + r * Math.cos(a)).toFixed(2)} ${(cy + r * Math.sin(a)).toFixed(2)}`;
  }
  return d + 'Z';
}
