import type { Span } from './types.ts';

/**
 * Stands in for text that must not be matched again (placeholders, spans already claimed by
 * an earlier detector). A control character is never a digit, letter, space or CJK character,
 * so it breaks every pattern without joining its neighbours.
 */
export const MASK = '\u0001';

/**
 * Stands in for characters that belong to the digit before them and draw nothing of their
 * own: the keycap combining mark and variation selectors of "1️⃣", the low half of a
 * mathematical digit like "𝟏". The digit scanner reads through it; to every other pattern it
 * is an ordinary non-word character.
 */
export const IGNORABLE = '\u0002';

// Chinese numerals are how people dodge naive digit filters ("一三八…"), and phone numbers
// read aloud use the radio words: 幺/么 1, 两 2, 拐 7, 勾 9, 洞 0. Only single-character
// digits are mapped; positional words (十, 百, 万) stay, which keeps prices like "二十万"
// from becoming digit runs. Mapping 两 ("两个") or 洞 ("山洞") is harmless: a digit alone
// is never personal information; only long runs are.
const CJK_DIGITS: Record<string, string> = {
  '〇': '0', '零': '0', '洞': '0', '一': '1', '幺': '1', '么': '1', '二': '2', '两': '2', '兩': '2',
  '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '拐': '7', '八': '8', '九': '9', '勾': '9',
  '壹': '1', '贰': '2', '貳': '2', '叁': '3', '參': '3', '肆': '4', '伍': '5', '陆': '6', '陸': '6',
  '柒': '7', '捌': '8', '玖': '9',
};

/** Ranges of one-character digits whose first code point is the given digit. */
const DIGIT_RANGES: ReadonlyArray<readonly [from: number, to: number, firstDigit: number]> = [
  [0x2460, 0x2468, 1], // ①–⑨
  [0x2474, 0x247c, 1], // ⑴–⑼
  [0x2488, 0x2490, 1], // ⒈–⒐
  [0x24f5, 0x24fd, 1], // ⓵–⓽
  [0x2776, 0x277e, 1], // ❶–❾
  [0x2780, 0x2788, 1], // ➀–➈
  [0x278a, 0x2792, 1], // ➊–➒
  [0x2070, 0x2070, 0], // ⁰
  [0x2074, 0x2079, 4], // ⁴–⁹
  [0x2080, 0x2089, 0], // ₀–₉
  [0x0660, 0x0669, 0], // Arabic-Indic
  [0x06f0, 0x06f9, 0], // Extended Arabic-Indic
];
const SINGLE_DIGITS: Record<number, string> = { 0x24ea: '0', 0x24ff: '0', 0x00b9: '1', 0x00b2: '2', 0x00b3: '3' };

function oddDigit(c: number): string | undefined {
  const single = SINGLE_DIGITS[c];
  if (single) return single;
  for (const [from, to, first] of DIGIT_RANGES) if (c >= from && c <= to) return String(first + c - from);
  return undefined;
}

/** Mathematical digits 𝟎–𝟿 (U+1D7CE–U+1D7FF) are a surrogate pair: D835 + DFCE–DFFF. */
const isMathDigitPair = (hi: number, lo: number): boolean => hi === 0xd835 && lo >= 0xdfce && lo <= 0xdfff;

/**
 * A matching view of `text`: same length, ASCII-folded (full-width forms, odd dashes and
 * spaces), A–Z lowercased, Chinese, circled, keycap, super/subscript and mathematical digits
 * turned into ASCII digits. `String.prototype.toLowerCase` is avoided on purpose: it can
 * change the length (e.g. "İ"), which would break the offset mapping. Invisible characters
 * are removed before this (see stripInvisible), as that cannot be done in place.
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
    else if (c === 0x20e3 || (c >= 0xfe00 && c <= 0xfe0f)) ch = IGNORABLE;
    else if (c === 0xd835 && i + 1 < text.length && isMathDigitPair(c, text.charCodeAt(i + 1))) {
      out[i] = String((text.charCodeAt(i + 1) - 0xdfce) % 10);
      out[++i] = IGNORABLE;
      continue;
    } else {
      ch = text[i] as string;
      ch = CJK_DIGITS[ch] ?? oddDigit(c) ?? ch;
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
