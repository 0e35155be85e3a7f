import { IGNORABLE, isDigitCode, isLowerAsciiCode } from './normalize.ts';
import { looksLikeId15, looksLikeId18 } from './id-number.ts';
import type { Span } from './types.ts';

/**
 * Phone numbers and ID numbers share one scanner because both are "digits with optional
 * separators in any grouping" (138 0013 8000, 1101 0519 9003 0712 39). Regexes with nested
 * separator quantifiers backtrack badly on long digit/space/dash soups, so we tokenise by hand:
 * a chain is digit groups joined by 1–3 separator characters; every run of consecutive groups
 * holding at most MAX_DIGITS digits is a candidate, tried longest first. That bounds the work
 * per group by a constant, so the whole scan stays linear.
 */

// Besides spaces, dashes, dots and brackets, the disguises seen in practice: slashes,
// underscores, middle dots and bullets, commas and the ideographic comma (full-width "，" is
// already ","), tildes, bars, asterisks and line breaks ("138/1234/5678", "138、1234、5678").
const SEPARATORS = new Set([' ', '\t', '-', '.', '(', ')', '/', '\\', '_', '\u00b7', '\u30fb', '\u2022', ',', '\u3001', '~', '|', '*', '\n', '\r', IGNORABLE]);
const MAX_SEPARATOR_RUN = 3;
const MAX_DIGITS = 20;

interface Group {
  start: number;
  end: number;
  /** The group's digits: [start, end) less any IGNORABLE inside it ("1️⃣3️⃣8️⃣"). */
  digits: string;
}

// Within ~16 characters before a number, these words make shorter digit runs (7–12 digits,
// e.g. an 8-digit local landline) count as phone numbers. "iphone" must not count, hence the
// letter guard.
const PHONE_CONTEXT_RE =
  /(?:电话|手机|号码|座机|联系|打给|致电|(?<![a-z])(?:call|phone|number|tel(?![a-z])|mobile|cell|text|ring|whatsapp|contact|reach))/;

/** Runs that are digits but not plausibly a person's number: 0000000000, 1234567890, 5000000000. */
export function isBoringNumber(d: string): boolean {
  if (/^(\d)\1+$/.test(d) || /^\d0{4,}$/.test(d)) return true;
  let up = true;
  let down = true;
  for (let i = 1; i < d.length; i++) {
    const step = (d.charCodeAt(i) - d.charCodeAt(i - 1) + 10) % 10;
    if (step !== 1) up = false;
    if (step !== 9) down = false;
  }
  return up || down;
}

function isChineseMobile(d: string, plus: boolean, firstGroup: string, groups: number): boolean {
  let rest = d;
  if (rest.startsWith('0086')) rest = rest.slice(4);
  else if (rest.startsWith('86') && (plus || rest.length === 13 || (groups >= 2 && firstGroup === '86'))) rest = rest.slice(2);
  else if (rest.length === 12 && rest[0] === '0') rest = rest.slice(1); // trunk prefix dialled from a landline
  return /^1[3-9]\d{9}$/.test(rest);
}

interface Candidate {
  start: number;
  end: number;
  kind: 'phone' | 'id_number';
}

function classify(norm: string, groups: readonly Group[], a: number, b: number, digits: string): Candidate | null {
  const n = digits.length;
  const xAfter = n === 17 && b === groups.length - 1 && norm[groups[b]!.end] === 'x' && !isWordChar(norm, groups[b]!.end + 1);
  if (n < 7 || (n > 18 && !xAfter)) return null;

  const first = groups[a]!;
  const last = groups[b]!;
  const k = b - a + 1;
  const firstGroup = first.digits;
  let start = first.start;
  let plus = false;
  for (let p = first.start - 1; p >= 0 && p >= first.start - 3; p--) {
    const ch = norm[p];
    if (ch === '+') { plus = true; start = p; break; }
    if (ch !== ' ' && ch !== '(') break;
    if (ch === '(') start = p;
  }
  const firstParen = norm[first.start - 1] === '(' && norm[first.end] === ')';
  const end = last.end;
  // "(13812345678)": take the closing parenthesis too, since the opening one is in `start`.
  const phone = (): Candidate => ({ start, end: firstParen && k === 1 ? end + 1 : end, kind: 'phone' });
  const id = (e: number): Candidate => ({ start: first.start, end: e, kind: 'id_number' });

  if (xAfter && looksLikeId18(digits + 'x')) return id(end + 1);
  if (n === 18 && looksLikeId18(digits)) return id(end);
  if (n === 15 && !plus && looksLikeId15(digits)) return id(end);
  if (n > 17) return null;
  if (isChineseMobile(digits, plus, firstGroup, k)) return phone();
  if (plus) return n >= 8 && n <= 15 && k <= 6 ? phone() : null;

  const lens: number[] = [];
  for (let g = a; g <= b; g++) lens.push(groups[g]!.digits.length);
  const shape = lens.join(',');
  // Chinese landlines and UK-style numbers: trunk 0 + area code + subscriber. The first group
  // must look like an area code so counting ("0 10 20 30 40") does not qualify.
  if (k <= 4 && /^0[1-9]\d{8,10}$/.test(digits) && (k === 1 || firstParen || (lens[0]! >= 3 && lens[0]! <= 5))) return phone();
  // International access prefix written as digits: 0044 7700 900123.
  if (k <= 6 && /^00[1-9]\d{7,14}$/.test(digits) && lens[0]! >= 2) return phone();
  // North American grouping. Without "(area)" we insist on NANP rules (area and exchange not
  // starting 0/1) because 3-3-4 also fits counts and codes.
  if (shape === '3,3,4' && (firstParen || /^[2-9]\d\d[2-9]/.test(digits))) return phone();
  if (shape === '1,3,3,4' && /^1[2-9]/.test(digits)) return phone();
  if (shape === '10' && /^[2-9]/.test(digits) && !isBoringNumber(digits)) return phone();
  if (n <= 12 && k <= 4 && PHONE_CONTEXT_RE.test(norm.slice(Math.max(0, start - 16), start))) {
    return phone();
  }
  return null;
}

function isWordChar(norm: string, i: number): boolean {
  if (i >= norm.length) return false;
  const c = norm.charCodeAt(i);
  return isDigitCode(c) || isLowerAsciiCode(c) || c === 0x5f;
}

function scanChain(norm: string, groups: readonly Group[], out: Span[]): void {
  for (let a = 0; a < groups.length; ) {
    let digits = '';
    let bMax = a - 1;
    for (let b = a; b < groups.length; b++) {
      const g = groups[b]!;
      if (digits.length + g.digits.length > MAX_DIGITS) break;
      digits += g.digits;
      bMax = b;
    }
    let found: Candidate | null = null;
    let lastGroup = a;
    let len = digits.length;
    for (let b = bMax; b >= a && !found; b--) {
      found = classify(norm, groups, a, b, digits.slice(0, len));
      lastGroup = b;
      len -= groups[b]!.digits.length;
    }
    if (found) {
      out.push({
        start: found.start,
        end: found.end,
        kinds: [found.kind],
        placeholder: found.kind === 'phone' ? '[phone]' : '[id]',
      });
      a = lastGroup + 1;
    } else a++;
  }
}

/**
 * 0 ASCII, 1 full-width, 2 Chinese numeral, 3 any other digit form (circled, superscript,
 * mathematical…), 4 an ASCII digit dressed as a keycap or emoji ("1️⃣"): a change of script
 * splits a digit group. Without 4, "1️⃣13812345678" read as one 12-digit run and the mobile
 * after the keycap stayed in the text.
 */
export function digitScript(original: string, i: number): number {
  const c = original.charCodeAt(i);
  if (c <= 0x39) return isEmojiDress(original.charCodeAt(i + 1)) ? 4 : 0;
  if (c >= 0xff10 && c <= 0xff19) return 1;
  return c >= 0x3007 && c <= 0x9fff ? 2 : 3;
}

const isEmojiDress = (c: number): boolean => c === 0x20e3 || (c >= 0xfe00 && c <= 0xfe0f);

export function detectDigitPii(norm: string, original: string): Span[] {
  const spans: Span[] = [];
  const n = norm.length;
  let i = 0;
  while (i < n) {
    if (!isDigitCode(norm.charCodeAt(i))) { i++; continue; }
    const groups: Group[] = [];
    let j = i;
    for (;;) {
      // "13812345678１３８" reads as a phone number plus noise, not as one 14-digit number,
      // so a switch between ASCII, full-width and Chinese digits acts as a separator.
      const script = digitScript(original, j);
      let e = j;
      let digits = '';
      // Keycap marks and low surrogates belong to the digit before them, so the group (and
      // a redaction of it) takes them along.
      for (;;) {
        if (e < n && isDigitCode(norm.charCodeAt(e)) && digitScript(original, e) === script) digits += norm[e++];
        else if (e < n && norm[e] === IGNORABLE) e++;
        else break;
      }
      groups.push({ start: j, end: e, digits });
      let k = e;
      while (k < n && k - e < MAX_SEPARATOR_RUN && SEPARATORS.has(norm[k]!)) k++;
      if (k < n && isDigitCode(norm.charCodeAt(k))) { j = k; continue; }
      i = e;
      break;
    }
    scanChain(norm, groups, spans);
  }
  return spans;
}

// Numbers spelled out in English words ("one three eight …"); Chinese numerals are already
// digits after normalisation. "double"/"triple" repeat the next digit, as people read them.
const DIGIT_WORDS: Record<string, string> = {
  zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5',
  six: '6', seven: '7', eight: '8', nine: '9',
};
const W = 'zero|oh|one|two|three|four|five|six|seven|eight|nine';
const SPELLED_SEP = '[ ,/_.\\u00b7\\u3001\\n\\r\\-]';
const SPELLED_RE = new RegExp(`(?<![a-z])(?:(?:${W}|double|triple)${SPELLED_SEP}{1,3}){6,40}(?:${W})(?![a-z])`, 'g');
const SPELLED_SPLIT_RE = new RegExp(`${SPELLED_SEP}+`);

export function detectSpelledPhone(norm: string): Span[] {
  const spans: Span[] = [];
  for (const m of norm.matchAll(SPELLED_RE)) {
    let digits = '';
    let repeat = 1;
    for (const word of m[0].split(SPELLED_SPLIT_RE)) {
      if (word === 'double') repeat = 2;
      else if (word === 'triple') repeat = 3;
      else { digits += (DIGIT_WORDS[word] ?? '').repeat(repeat); repeat = 1; }
    }
    if (digits.length >= 7 && digits.length <= 15 && !isBoringNumber(digits)) {
      spans.push({ start: m.index, end: m.index + m[0].length, kinds: ['phone'], placeholder: '[phone]' });
    }
  }
  return spans;
}
