import type { Span } from './types.ts';

/**
 * Stands in for text that must not be matched again (placeholders, spans already claimed by
 * an earlier detector). A control character is never a digit, letter, space or CJK character,
 * so it breaks every pattern without joining its neighbours.
 */
export const MASK = '\u0001';

// Chinese numerals are how people dodge naive digit filters ("一三八…", "幺" for 1 when
// reading numbers aloud). Only single-character digits are mapped; positional words
// (十, 百, 万) stay, which keeps prices like "二十万" from becoming digit runs.
const CJK_DIGITS: Record<string, string> = {
  '〇': '0', '零': '0', '一': '1', '幺': '1', '二': '2', '三': '3', '四': '4',
  '五': '5', '六': '6', '七': '7', '八': '8', '九': '9',
  '壹': '1', '贰': '2', '叁': '3', '肆': '4', '伍': '5', '陆': '6', '柒': '7', '捌': '8', '玖': '9',
};

/**
 * A matching view of `text`: same length, ASCII-folded (full-width forms, odd dashes and
 * spaces), A–Z lowercased, Chinese digit characters turned into ASCII digits.
 * `String.prototype.toLowerCase` is avoided on purpose: it can change the length
 * (e.g. "İ"), which would break the offset mapping.
 */
export function normalize(text: string): string {
  const out: string[] = new Array<string>(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let ch: string;
    if (c >= 0x41 && c <= 0x5a) ch = String.fromCharCode(c + 32);
    else if (c >= 0xff01 && c <= 0xff5e) {
      const a = c - 0xfee0;
      ch = String.fromCharCode(a >= 0x41 && a <= 0x5a ? a + 32 : a);
    } else if (c === 0x3000 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a)) ch = ' ';
    else if ((c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xfe63) ch = '-';
    else {
      ch = text[i] as string;
      ch = CJK_DIGITS[ch] ?? ch;
    }
    out[i] = ch;
  }
  return out.join('');
}

const PLACEHOLDER_RE = /\[(?:phone|id|email|wechat|qq|im|address)\]/g;

/** Hides placeholders so a second pass over redacted text cannot "find" them again. */
export function maskPlaceholders(norm: string): string {
  return norm.replace(PLACEHOLDER_RE, (m) => MASK.repeat(m.length));
}

/** Masks spans in one linear pass (spans must be sorted and non-overlapping). */
export function maskSpans(norm: string, spans: readonly Span[]): string {
  if (spans.length === 0) return norm;
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    parts.push(norm.slice(at, s.start), MASK.repeat(s.end - s.start));
    at = s.end;
  }
  parts.push(norm.slice(at));
  return parts.join('');
}

/** Replaces spans in the original text with their placeholders, in one linear pass. */
export function applySpans(text: string, spans: readonly Span[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    parts.push(text.slice(at, s.start), s.placeholder);
    at = s.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

export const isDigitCode = (c: number): boolean => c >= 0x30 && c <= 0x39;
export const isLowerAsciiCode = (c: number): boolean => c >= 0x61 && c <= 0x7a;
export const isCjkCode = (c: number): boolean => c >= 0x4e00 && c <= 0x9fff;
