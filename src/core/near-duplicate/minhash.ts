/**
 * MinHash signatures and LSH band keys over sets of shingles (strings).
 *
 * The share of equal positions in two signatures estimates the Jaccard similarity of the two
 * shingle sets (standard error about sqrt(J(1-J)/k), ≈0.025 at k = 256). Band keys let the
 * database find candidates with one indexed array overlap instead of comparing every pair:
 * two sets with similarity J share at least one band with probability 1-(1-J^r)^b.
 */

export const MINHASH_SIZE = 256;
export const LSH_BANDS = 64;
export const LSH_ROWS = MINHASH_SIZE / LSH_BANDS;

/** FNV-1a over the UTF-16 code units, with a seed: fast, dependency-free, well spread after fmix. */
function fnv1a(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's finaliser: turns structured input (h1 + i·h2) into well-mixed 32-bit values. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * k minimum hashes of the set. The k hash functions are h1 + i·h2 (double hashing) passed
 * through fmix32; an empty set has no signature (null) and is never compared.
 * Values are returned as signed 32-bit integers so they fit PostgreSQL's int4.
 */
export function minhash(shingles: Iterable<string>, k = MINHASH_SIZE): Int32Array | null {
  const mins = new Uint32Array(k).fill(0xffffffff);
  let any = false;
  for (const s of new Set(shingles)) {
    any = true;
    const h1 = fnv1a(s, 0);
    const h2 = fnv1a(s, 0x9e3779b9) | 1;
    for (let i = 0; i < k; i++) {
      const v = fmix32(h1 + Math.imul(i, h2));
      if (v < mins[i]!) mins[i] = v;
    }
  }
  return any ? new Int32Array(mins.buffer) : null;
}

/** Estimated Jaccard similarity: the share of positions where the signatures agree. */
export function similarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * One key per band of LSH_ROWS consecutive positions. The band's index is hashed in, so equal
 * rows in different bands never collide; keys are signed 32-bit for an int4[] column.
 */
export function bandKeys(sig: ArrayLike<number>, bands = LSH_BANDS): number[] {
  const rows = sig.length / bands;
  const keys: number[] = [];
  for (let b = 0; b < bands; b++) {
    let h = fmix32(0x27d4eb2d ^ b);
    for (let r = 0; r < rows; r++) h = fmix32(Math.imul(h ^ (sig[b * rows + r]! >>> 0), 0x01000193) + r);
    keys.push(h | 0);
  }
  return keys;
}

/** Exact Jaccard similarity of two sets (what the signature estimates; used by the tests). */
export function jaccard(a: Iterable<string>, b: Iterable<string>): number {
  const x = new Set(a);
  const y = new Set(b);
  if (x.size === 0 && y.size === 0) return 1;
  let inter = 0;
  for (const s of x) if (y.has(s)) inter++;
  return inter / (x.size + y.size - inter);
}
