/**
 * Profanity and insults, flagged for the moderator (nothing is removed). Word lists are taken
 * from maintained packages rather than kept here: English from `obscenity` (its English data
 * set, with the whitelist and the transformers that see through leetspeak, stretched letters
 * and case), Chinese from `naughty-words` with the corrections in profanity-zh.ts. A short
 * local list adds what both lack (mild swearing and insults such as "damn", "idiot", and
 * pinyin abbreviations like "nmsl").
 *
 * Scunthorpe problem: obscenity matches with whitelisted innocent words ("assassin",
 * "Scunthorpe", "cocktail"); we add the car and child words it still flags ("cockpit",
 * "shiitake", "pussycat", "blue tit"). Chinese has no word boundaries, so every Chinese entry
 * is a multi-character phrase, some with characters that must not surround it.
 */
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import zhList from 'naughty-words/zh.json' with { type: 'json' };
import { CONTEXT, INNOCENT, KEEP_SINGLE, LOCAL_ADDITIONS } from './profanity-zh.ts';

// Innocent words obscenity's English set still matches, found by testing car and child talk.
const EXTRA_WHITELIST = [
  'cockpit', 'cock pit', 'cock-pit', 'cockpits', 'shiitake', 'shitake', 'pussycat', 'pussy cat', 'puss in boots',
  'blue tit', 'great tit', 'coal tit', 'titmouse', 'moby dick', 'penistone',
];

const built = englishDataset.build();
const EN_MATCHER = new RegExpMatcher({
  ...built,
  whitelistedTerms: [...(built.whitelistedTerms ?? []), ...EXTRA_WHITELIST],
  ...englishRecommendedTransformers,
});

// WARNING: rude words. root|inflections; matched on whole tokens (with light leetspeak,
// stretched letters and "*" masks), never as substrings, so "scrap" and "damnation" pass.
const EN_LOCAL = [
  'damn|ed,it,n', 'dammit', 'goddamn|ed,it', 'crap|py,s', 'wtf', 'stfu', 'dumbass|es', 'jackass|es',
  'idiot|s', 'moron|s', 'imbecile|s', 'tmd', 'cnm', 'nmsl',
];

const squeeze = (s: string): string => s.replace(/(.)\1+/g, '$1');
const EN_FORMS: readonly string[] = EN_LOCAL.flatMap((entry) => {
  const [root, suffixes = ''] = entry.split('|') as [string, string?];
  return ['', ...suffixes.split(',').filter(Boolean)].map((s) => root + s);
});
const EN_FORM_SET = new Set(EN_FORMS);
// Short squeezed forms are left out on purpose: squeezing "ass" gives "as", an everyday word.
const EN_SQUEEZED_SET = new Set(EN_FORMS.map(squeeze).filter((f) => f.length >= 4));
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

function localTokenIsRude(raw: string): boolean {
  const trimmed = raw.replace(/^!+|!+$/g, ''); // "damn!" ends in punctuation, not leet
  if (!/[a-z]/.test(trimmed)) return false; // "5", "$5", "100" are numbers, not words
  const token = trimmed.replace(/[0134579@$!]/g, (c) => LEET[c] ?? c);
  if (EN_FORM_SET.has(token)) return true;
  if (token !== squeeze(token) && EN_SQUEEZED_SET.has(squeeze(token))) return true;
  if (!token.includes('*')) return false;
  return EN_FORMS.some((form) => form.length === token.length && [...form].every((ch, i) => token[i] === '*' || token[i] === ch));
}

interface ZhEntry {
  phrase: string;
  notAfter: string;
  notBefore: string;
}

function zhEntries(): ZhEntry[] {
  const entries = new Map<string, ZhEntry>();
  for (const raw of zhList as string[]) {
    const phrase = raw.normalize('NFKC').toLowerCase();
    if (INNOCENT.has(phrase) || ([...phrase].length < 2 && !KEEP_SINGLE.has(phrase))) continue;
    const ctx = CONTEXT[phrase];
    entries.set(phrase, { phrase, notAfter: ctx?.notAfter ?? '', notBefore: ctx?.notBefore ?? '' });
  }
  for (const [phrase, ctx] of Object.entries(LOCAL_ADDITIONS)) {
    entries.set(phrase, { phrase, notAfter: ctx.notAfter ?? '', notBefore: ctx.notBefore ?? '' });
  }
  return [...entries.values()];
}

const ZH_ENTRIES = zhEntries();

function zhIsRude(folded: string): boolean {
  for (const { phrase, notAfter, notBefore } of ZH_ENTRIES) {
    for (let at = folded.indexOf(phrase); at !== -1; at = folded.indexOf(phrase, at + 1)) {
      const prev = folded[at - 1];
      const next = folded[at + phrase.length];
      if (prev !== undefined && notAfter.includes(prev)) continue;
      if (next !== undefined && notBefore.includes(next)) continue;
      return true;
    }
  }
  return false;
}

// "s.h.i.t", "f u c k": single letters joined by dots, spaces, dashes or underscores.
const SPACED_LETTERS_RE = /(?<![a-z])[a-z](?:[ ._\-]{1,2}[a-z](?![a-z])){2,}/g;

function spacedOutIsRude(folded: string): boolean {
  for (const m of folded.matchAll(SPACED_LETTERS_RE)) {
    const joined = m[0].replace(/[ ._\-]/g, '');
    if (EN_MATCHER.hasMatch(joined) || localTokenIsRude(joined)) return true;
  }
  return false;
}

export function containsProfanity(text: string): boolean {
  const folded = text.normalize('NFKC').toLowerCase();
  if (zhIsRude(folded)) return true;
  if (EN_MATCHER.hasMatch(folded) || spacedOutIsRude(folded)) return true;
  for (const m of folded.matchAll(/[a-z0-9@$*!]+/g)) {
    if (m[0].length <= 40 && localTokenIsRude(m[0])) return true;
  }
  return false;
}
