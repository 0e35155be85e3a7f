import { IGNORABLE, isDigitCode, MASK, maskPlaceholders, normalize } from './normalize.ts';
import { digitScript } from './phone.ts';

/**
 * The safety net behind the detectors: text that still holds many digits after redaction
 * may hide a number in a disguise nobody has listed yet ("138加1234加5678", "one3eight…"),
 * so it is flagged for the moderator instead of being trusted. Only a flag: the text is kept
 * as written, and nothing is public before a moderator approves it anyway.
 *
 * "Many" means at least DIGITS_IN_WINDOW digits within any WINDOW consecutive characters of
 * the normalised text, where every digit form counts (ASCII, full-width, circled, keycap…),
 * English digit words count one each, and a Chinese numeral counts only next to another
 * numeral: "一个一个" is ordinary Chinese, "一三八" is a number.
 *
 * Numbers that explain themselves do not count: amounts with a unit or currency ("25.98万",
 * "¥299,900", "250 km/h", "80%", "3.9 s"), dates and times ("2025-06-01", "2026年11月25日",
 * "10:45"), model years ("2024款"). Without that, car specifications would be flagged more
 * often than hidden phone numbers. What is left and long (order numbers, VINs, a student
 * number) is worth a moderator's look anyway.
 */
export const DIGITS_IN_WINDOW = 6;
export const WINDOW = 24;

const N = '\\d[\\d,.]*';
const EXPLAINED_RE = new RegExp(
  [
    `[¥$€£]\\s?${N}`,
    `${N}\\s?(?:万|元|块|公里|千米|米|厘米|秒|分钟|小时|度|岁|辆|个|颗|款|年款|%|km/h|km|kwh|kw|hp|mph|kg|cm|mm|s|m|h|minutes?|mins?|miles?|hours?|seconds?|dollars?|yuan|years?|cars?|stars?|seats?|inch(?:es)?)(?![a-z])`,
    '\\d{4}[-/.年]\\d{1,2}[-/.月]\\d{1,2}日?',
    '\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}',
    '\\d{1,2}月\\d{1,2}日',
    '\\d{1,2}:\\d{2}',
  ].join('|'),
  'g',
);

const DIGIT_WORD_RE = /(?<![a-z])(?:zero|one|two|three|four|five|six|seven|eight|nine)(?![a-z])/g;

// What may sit between two numerals of one number: "二 三 四", "一、三、八".
const GAP = new Set([' ', '\t', '-', '.', ',', '/', '_', '\u00b7', '\u3001', IGNORABLE]);

function digitNear(norm: string, i: number, step: 1 | -1): boolean {
  let p = i + step;
  while (p >= 0 && p < norm.length && p !== i + 3 * step && GAP.has(norm[p]!)) p += step;
  return p >= 0 && p < norm.length && isDigitCode(norm.charCodeAt(p));
}

/** Digit positions that count, in ascending order. */
function digitPositions(original: string, norm: string): number[] {
  const at: number[] = [];
  for (let i = 0; i < norm.length; i++) {
    if (!isDigitCode(norm.charCodeAt(i))) continue;
    if (digitScript(original, i) === 2 && !digitNear(norm, i, -1) && !digitNear(norm, i, 1)) continue;
    at.push(i);
  }
  for (const m of norm.matchAll(DIGIT_WORD_RE)) at.push(m.index);
  return at.sort((a, b) => a - b);
}

export function isDigitHeavy(text: string): boolean {
  const norm = maskPlaceholders(normalize(text)).replace(EXPLAINED_RE, (m) => MASK.repeat(m.length));
  const at = digitPositions(text, norm);
  for (let lo = 0, hi = 0; hi < at.length; hi++) {
    while (at[hi]! - at[lo]! >= WINDOW) lo++;
    if (hi - lo + 1 >= DIGITS_IN_WINDOW) return true;
  }
  return false;
}
