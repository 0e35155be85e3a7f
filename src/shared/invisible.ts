// No imports: the kiosk bundles this file, and it must not pull in the schema library.

/**
 * Characters that draw nothing but can split or reorder what a reader sees: zero-width
 * spaces and joiners, direction marks, embeddings, overrides and isolates, the word joiner
 * and invisible operators, the BOM, the soft hyphen, fillers and the invisible tag block.
 * They are how "138\u200b1234\u200b5678" or a right-to-left override slips a phone number
 * past a filter while looking normal on screen. As a character-class body (for `u` regexes).
 */
export const INVISIBLE_CLASS =
  '\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\u3164\\ufeff\\uffa0\\u{e0000}-\\u{e007f}';

// An emoji ZWJ sequence (👨‍👩‍👧) and an England/Scotland/Wales flag (🏴 + tags) are visible
// as one picture, so their joiners and tags stay; every other invisible character goes.
const INVISIBLE_RE = new RegExp(
  `(\\p{Extended_Pictographic}[\\u{1f3fb}-\\u{1f3ff}\\ufe0f]?\\u200d(?=\\p{Extended_Pictographic})|\\u{1f3f4}[\\u{e0020}-\\u{e007f}]+)|[${INVISIBLE_CLASS}]`,
  'gu',
);
const NICKNAME_REFUSED_RE = new RegExp(`[\\u0000-\\u001f\\u007f\\ud800-\\udfff${INVISIBLE_CLASS}]`, 'gu');

/** Removes invisible characters from free text (keeping emoji joiners and flag tags). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE_RE, (m, keep: string | undefined) => keep ?? '');
}

/**
 * A nickname as the kiosk keeps it while the grown-up types: no invisible or control
 * characters (the server refuses them) and at most `max` code points, so a cut never splits
 * an emoji into a lone surrogate (which the server refuses too).
 */
export function cleanNickname(text: string, max: number): string {
  return Array.from(text.replace(NICKNAME_REFUSED_RE, '')).slice(0, max).join('');
}
