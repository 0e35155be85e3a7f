/**
 * A small, deliberately mild profanity check for moderation (it only sets a flag; nothing is
 * removed). The word lists are base64-encoded so the source stays decent to read.
 *
 * Scunthorpe problem: English is matched on whole tokens (word + listed inflections), never
 * as substrings, so "class", "assistant", "Scunthorpe", "cocktail", "Dickens" and "hello" pass.
 * Chinese has no word boundaries, so each Chinese entry is a multi-character phrase plus the
 * characters that, when they follow it, turn it into an innocent word ("我操作" = "I operate",
 * "狗日记" = "dog diary", "他妈的车" = "his mum's car").
 */

// JSON: ["root|suffix,suffix", ...]
const EN_LIST =
  'WyJmdWNrfHMsZWQsZXIsZXJzLGluZyxpbixmYWNlLGhlYWQsd2l0IiwibW90aGVyZnVja2VyfHMiLCJzaGl0fHMsdHksdGluZyx0ZWQsaGVhZCxoZWFkcyxmYWNlIiwiYnVsbHNoaXQiLCJkaXBzaGl0IiwiYml0Y2h8ZXMseSxpbmciLCJiYXN0YXJkfHMiLCJhc3MiLCJhc3Nob2xlfHMiLCJhcnNlIiwiYXJzZWhvbGV8cyIsImR1bWJhc3MiLCJqYWNrYXNzIiwiZGlja3xzLGhlYWQsaGVhZHMiLCJjdW50fHMiLCJwaXNzfGVkLGluZyIsInNsdXR8cyx0eSIsIndob3JlfHMiLCJ3YW5rZXJ8cyIsImJvbGxvY2tzIiwiZGFtbnxlZCxpdCIsImRhbW1pdCIsImdvZGRhbW4iLCJjcmFwfHB5IiwidHdhdHxzIiwid3RmIiwic3RmdSIsInRtZCIsImNubSIsIm5tc2wiXQ==';
// JSON: ["phrase|characters that must not follow", ...]
const ZH_LIST = 'WyLlgrvpgLwiLCLlgrtiIiwi5YK75q+UIiwi54We56yUIiwi5LuW5aaI55qEfOi9puaJi+WutuaIv+eLl+eMq+WMheiho+mei+S5pumSseeUteivneWPt+eUn+aXpeWQjeaci+WQjOS6iyIsIuaTjeS9oHznmoQiLCLojYnms6XpqawiLCLljafmp70iLCLmiJHmk4185L2c5Zy65b+D57uD57q15o6n5Yqe5Yqz5oyBIiwi5amK5a2QIiwi6LSx5Lq6Iiwi546L5YWr6JuLIiwi5re36JuLfOa2sueZvem7hCIsIueLl+aXpXzorrAiLCLpuKHlt7QiLCLlsYwiLCLmu5rom4siLCLlpojpgLwiXQ==';

function decode(b64: string): Array<[string, string]> {
  // atob + TextDecoder rather than Buffer: this module may also run in the kiosk's browser.
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const list = JSON.parse(new TextDecoder().decode(bytes)) as string[];
  return list.map((entry) => {
    const [word, extra = ''] = entry.split('|') as [string, string?];
    return [word, extra];
  });
}

const squeeze = (s: string): string => s.replace(/(.)\1+/g, '$1');

const EN_FORMS: readonly string[] = decode(EN_LIST).flatMap(([root, suffixes]) =>
  ['', ...suffixes.split(',').filter(Boolean)].map((s) => root + s),
);
const EN_FORM_SET = new Set(EN_FORMS);
// Stretched spellings ("fuuuck", "shiiit") compare squeezed. Short squeezed forms are left out
// on purpose: squeezing "ass" gives "as", an everyday word.
const EN_SQUEEZED_SET = new Set(EN_FORMS.map(squeeze).filter((f) => f.length >= 4));
const ZH_ENTRIES = decode(ZH_LIST);

// Light leetspeak ("sh1t", "a$$"); '*' is a wildcard for one masked letter ("f*ck").
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

function tokenIsProfane(raw: string): boolean {
  const trimmed = raw.replace(/^!+|!+$/g, ''); // "damn!" ends in punctuation, not leet
  if (!/[a-z]/.test(trimmed)) return false; // "5", "$5", "100" are numbers, not words
  const token = trimmed.replace(/[0134579@$!]/g, (c) => LEET[c] ?? c);
  if (EN_FORM_SET.has(token)) return true;
  if (token !== squeeze(token) && EN_SQUEEZED_SET.has(squeeze(token))) return true;
  if (!token.includes('*')) return false;
  return EN_FORMS.some((form) => form.length === token.length && [...form].every((ch, i) => token[i] === '*' || token[i] === ch));
}

export function containsProfanity(text: string): boolean {
  const folded = text.normalize('NFKC').toLowerCase();
  for (const [phrase, notFollowedBy] of ZH_ENTRIES) {
    for (let at = folded.indexOf(phrase); at !== -1; at = folded.indexOf(phrase, at + 1)) {
      const next = folded[at + phrase.length];
      if (next === undefined || !notFollowedBy.includes(next)) return true;
    }
  }
  for (const m of folded.matchAll(/[a-z0-9@$*!]+/g)) {
    if (m[0].length <= 40 && tokenIsProfane(m[0])) return true;
  }
  return false;
}
