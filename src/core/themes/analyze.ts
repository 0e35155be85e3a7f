/**
 * Turns a child's idea text (as stored, already redacted) into theme terms: Chinese is segmented
 * and part-of-speech tagged by jieba, English words are lower-cased and Porter-stemmed, and stop
 * words go. Deterministic and free of I/O apart from reading jieba's dictionary from its package
 * once, on first use (about 0.3 s), so servers that never ask for themes never pay for it.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { stemmer } from 'stemmer';
import { eng, zho } from 'stopword';

/** Bump when the terms an idea yields change, so cached terms are recomputed. */
export const ANALYZER_VERSION = 1;

/** One term of a text: `term` is what themes group by, `surface` what a person reads. */
export interface Token {
  term: string;
  surface: string;
}

/**
 * Words the package lists miss and that say nothing about a car part in children's ideas:
 * wishing and liking verbs, fillers, and "car" itself (every idea is about the car).
 */
const EXTRA_ZH = [
  '我们', '你们', '他们', '希望', '想要', '想', '要', '喜欢', '可以', '能', '一点', '一些', '一个', '这个', '那个', '这样', '那样',
  '就是', '因为', '所以', '但是', '如果', '还有', '非常', '特别', '觉得', '应该', '可能', '然后', '一下', '一样', '没有', '什么',
  '怎么', '真的', '比较', '要是', '东西', '时候', '里面', '上面', '车', '汽车', '车子', '小车', '车里',
];
const EXTRA_EN = [
  'want', 'wish', 'would', 'could', 'should', 'please', 'really', 'lot', 'lots', 'just', 'maybe', 'think', 'thing', 'things',
  'also', 'it', 'its', 'im', 'dont', 'can', 'cant', 'will', 'wont', 'isnt', 'arent', 'car', 'cars', 'vehicle', 'one', 'ones',
  // what jieba leaves of "aren't", "don't" … once the apostrophe splits them
  'aren', 'isn', 'don', 'didn', 'doesn', 'wasn', 'weren', 'won', 'couldn', 'shouldn', 'wouldn', 'haven', 'hasn', 'll', 've', 're',
];
const STOP_ZH = new Set([...zho, ...EXTRA_ZH]);
const STOP_EN = new Set([...eng, ...EXTRA_EN]);

/**
 * jieba's tags for words that never carry a theme: pronouns (r), numerals (m), measure words (q),
 * prepositions (p), conjunctions (c), particles (u), adverbs (d), modal particles (y),
 * interjections (e), onomatopoeia (o), time words (t).
 */
const DROP_TAGS = new Set(['r', 'm', 'q', 'p', 'c', 'u', 'd', 'y', 'e', 'o', 't']);

/** The redaction placeholders ("[phone]", "[address]" …) are ours, not the child's words. */
const PLACEHOLDER = /\[(?:phone|id|email|wechat|qq|address)\]/g;
const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /^[a-z][a-z']*$/;

let jieba: Jieba | null = null;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** The theme terms of an idea's text, in order. */
export function analyzeText(text: string): Token[] {
  const clean = text.normalize('NFKC').replace(PLACEHOLDER, ' ');
  const out: Token[] = [];
  for (const { word, tag } of segmenter().tag(clean, true)) {
    const w = word.trim();
    if (!w) continue;
    if (HAN.test(w)) {
      if ((STOP_ZH.has(w) || DROP_TAGS.has(tag[0]!))) continue;
      out.push({ term: w, surface: w });
      continue;
    }
    const lower = w.toLowerCase();
    if (!LATIN_WORD.test(lower)) continue;
    // "aren't" arrives as "aren", "'", "t": the stray letters are dropped with the stop words.
    const bare = lower.replace(/'/g, '');
    if ((bare.length < 2 || STOP_EN.has(bare))) continue;
    out.push({ term: stemmer(bare), surface: bare });
  }
  return out;
}

/** The terms of a part's name or synonym, analysed like ideas so "Seats" finds "seat". */
export function analyzeName(name: string): string[] {
  return analyzeText(name).map((t) => t.term);
}

/** Whether a free term is worth a theme of its own: one Han character or a stub says little. */
export function meaningfulTerm(t: Token): boolean {
  return HAN.test(t.term) ? [...t.term].length >= 2 : t.term.length >= 2;
}
