/**
 * Personal-information redaction and profanity flagging for text typed on the kiosk (free-text
 * ideas, nicknames). Pure: no I/O, no clock, deterministic. Runs before anything is stored.
 *
 * Pipeline: drop invisible characters (zero-width, bidi controls: they draw nothing, and are the
 * classic way to split a number so a filter misses it), normalise (length-preserving, so
 * offsets map back to the visible text), then run the
 * detectors from most to least specific; each one sees the spans claimed before it masked out,
 * so a QQ number inside an e-mail is not reported twice and a WeChat id is not re-read as a
 * phone number. Found spans are replaced by placeholders ("[phone]", "[id]", "[email]",
 * "[wechat]"/"[qq]", "[address]").
 */
import { detectAddresses } from './redaction/address.ts';
import { detectEmails } from './redaction/email.ts';
import { detectImIds, detectSpacedQq, detectWxids } from './redaction/im.ts';
import { applySpans, maskPlaceholders, maskSpans, normalize } from './redaction/normalize.ts';
import { detectDigitPii, detectSpelledPhone } from './redaction/phone.ts';
import { containsProfanity } from './redaction/profanity.ts';
import { PII_KINDS, type Detector, type PiiKind, type Span } from './redaction/types.ts';
import { isDigitHeavy } from './redaction/digits.ts';
import { stripInvisible } from '../shared/invisible.ts';

export type { PiiKind } from './redaction/types.ts';
export { PII_KINDS } from './redaction/types.ts';
export { containsProfanity } from './redaction/profanity.ts';
export { id18ChecksumOk } from './redaction/id-number.ts';

export interface RedactionResult {
  text: string;
  redacted: boolean;
  kinds: PiiKind[];
}

/**
 * pii_redacted: something was replaced by a placeholder; profanity: rude words (kept, only
 * flagged); many_digits: digits remain after redaction that may be a number in disguise.
 */
export type ModerationFlag = 'pii_redacted' | 'profanity' | 'many_digits';

export interface ModerationResult {
  text: string;
  flags: ModerationFlag[];
}

const DETECTORS: readonly Detector[] = [
  detectEmails, // before IM ids: "12345678@qq.com" is an e-mail, not a QQ number
  detectSpacedQq, // "QQ 1234 5678": before the id detector, which only takes unbroken tokens
  detectImIds, // before digits: "微信 13800138000" is reported as im_id (+ phone)
  detectWxids,
  detectDigitPii, // phone numbers and ID numbers
  detectSpelledPhone,
  detectAddresses, // last: street numbers must not steal digits from phones
];

// Replacing a span can, in principle, change what its neighbours look like. Rather than prove
// that never happens, redact() repeats until nothing more is found, which makes it idempotent
// by construction. In practice the second pass finds nothing; the cap is a safety net.
const MAX_PASSES = 8;

function findSpans(text: string): Span[] {
  let norm = maskPlaceholders(normalize(text));
  const all: Span[] = [];
  for (const detect of DETECTORS) {
    const spans = detect(norm, text);
    if (spans.length === 0) continue;
    norm = maskSpans(norm, spans);
    all.push(...spans);
  }
  return all.sort((a, b) => a.start - b.start);
}

// A right-to-left override (U+202E) shows the characters after it in reverse, digits too:
// "\u202e87654321831" reads as 13812345678 on screen. The override itself is stripped, so
// the stored text shows the harmless order, but the number was meant to be read: look for
// numbers in the reversed text as well.
const RIGHT_TO_LEFT_OVERRIDE = '\u202e';
const reverseUnits = (s: string): string => s.split('').reverse().join('');

function reversedNumberSpans(text: string): Span[] {
  const n = text.length;
  const norm = reverseUnits(maskPlaceholders(normalize(text)));
  return detectDigitPii(norm, reverseUnits(text))
    .map((s) => ({ ...s, start: n - s.end, end: n - s.start }))
    .sort((a, b) => a.start - b.start);
}

export function redact(text: string): RedactionResult {
  const kinds = new Set<PiiKind>();
  let current = stripInvisible(text);
  if (text.includes(RIGHT_TO_LEFT_OVERRIDE)) {
    const spans = reversedNumberSpans(current);
    for (const span of spans) for (const kind of span.kinds) kinds.add(kind);
    current = applySpans(current, spans);
  }
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const spans = findSpans(current);
    if (spans.length === 0) break;
    for (const span of spans) for (const kind of span.kinds) kinds.add(kind);
    current = applySpans(current, spans);
  }
  return { text: current, redacted: kinds.size > 0, kinds: PII_KINDS.filter((k) => kinds.has(k)) };
}

/** Redact first, then look for profanity in what would actually be stored. */
export function moderateText(text: string): ModerationResult {
  const redaction = redact(text);
  const flags: ModerationFlag[] = [];
  if (redaction.redacted) flags.push('pii_redacted');
  if (containsProfanity(redaction.text)) flags.push('profanity');
  if (isDigitHeavy(redaction.text)) flags.push('many_digits');
  return { text: redaction.text, flags };
}
