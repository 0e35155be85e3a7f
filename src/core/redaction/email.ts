import type { Span } from './types.ts';

/**
 * E-mail addresses, plain and in the usual disguises: "name at example dot com",
 * "name(at)gmail(dot)com", "sam [at] hotmail [dot] com", "name 艾特 qq 点 com"
 * (full-width "＠" and "．" are folded to ASCII by normalisation).
 *
 * Every quantifier is bounded and each match must begin at a local-part boundary, so the
 * engine does constant work per start position (no catastrophic backtracking on long runs of
 * letters or spaces).
 */

const S = '[ \\t]{0,3}';
const LABEL = '[a-z0-9\\-]{1,63}';
const AT = `(?:${S}(?:@|\\(${S}at${S}\\)|\\[${S}at${S}\\]|\\{${S}at${S}\\}|<${S}at${S}>|艾特|圈a)${S}|[ \\t]{1,3}at[ \\t]{1,3})`;
const DOT = `(?:${S}(?:\\.|\\(${S}dot${S}\\)|\\[${S}dot${S}\\]|\\{${S}dot${S}\\}|<${S}dot${S}>|点|。)${S}|[ \\t]{1,3}dot[ \\t]{1,3})`;
// The local part may itself be spelled "mike dot smith"; a literal "." is already in its charset.
const LOCAL = `[a-z0-9._%+\\-]{1,64}(?:(?:[ \\t]{1,3}dot[ \\t]{1,3}|点)[a-z0-9_%+\\-]{1,64}){0,3}`;

const EMAIL_RE = new RegExp(`(?<![a-z0-9._%+\\-])(${LOCAL})(${AT})(${LABEL}(?:${DOT}${LABEL}){1,5})`, 'g');
const DOMAIN_HEAD_RE = new RegExp(LABEL, 'y');
const DOMAIN_NEXT_RE = new RegExp(`(${DOT})(${LABEL})`, 'y');

// Spelled-out forms are only believed with a real top-level domain at the end: "look at the
// car dot com" style chatter is rare, but "at" and "dot" are ordinary words.
const KNOWN_TLDS = new Set([
  'com', 'cn', 'net', 'org', 'edu', 'gov', 'io', 'co', 'uk', 'me', 'info', 'cc', 'hk', 'tw',
  'us', 'de', 'fr', 'jp', 'au', 'ca', 'biz', 'xyz', 'top', 'vip', 'mo', 'sg', 'nz', 'ie',
]);

/** Longest prefix of the domain that ends in a plausible TLD; its length, or 0 if none. */
function domainLength(domain: string, spelled: boolean): number {
  DOMAIN_HEAD_RE.lastIndex = 0;
  const head = DOMAIN_HEAD_RE.exec(domain);
  if (!head) return 0;
  let at = head[0].length;
  let best = 0;
  let allPlainDots = true;
  for (;;) {
    DOMAIN_NEXT_RE.lastIndex = at;
    const m = DOMAIN_NEXT_RE.exec(domain);
    if (!m) break;
    at += m[0].length;
    const sep = m[1]!;
    // "mike@gmail.com. it was fun": a spaced full stop after a complete address ends it.
    if (best > 0 && sep.trim() === '.' && sep !== '.') break;
    if (sep !== '.') allPlainDots = false;
    const tld = m[2]!;
    const plainOk = !spelled && allPlainDots && /^[a-z]{2,24}$/.test(tld);
    if (plainOk || KNOWN_TLDS.has(tld)) best = at;
  }
  return best;
}

export function detectEmails(norm: string): Span[] {
  const spans: Span[] = [];
  EMAIL_RE.lastIndex = 0;
  for (let m = EMAIL_RE.exec(norm); m; m = EMAIL_RE.exec(norm)) {
    const local = m[1]!;
    const at = m[2]!;
    const spelled = at.trim() !== '@' || /[ \t]dot[ \t]|点/.test(local);
    const len = domainLength(m[3]!, spelled);
    const localOk = /[a-z0-9]/.test(local) && !local.startsWith('.');
    if (len === 0 || !localOk) {
      EMAIL_RE.lastIndex = m.index + 1;
      continue;
    }
    const end = m.index + local.length + at.length + len;
    spans.push({ start: m.index, end, kinds: ['email'], placeholder: '[email]' });
    EMAIL_RE.lastIndex = end;
  }
  return spans;
}
