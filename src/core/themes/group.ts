/**
 * Groups ideas into themes. A theme is either a catalog part (its names and synonyms found in an
 * idea's terms, or a moderator's tag) or a free term that no part claims. Each idea counts at
 * most once per theme. Pure: the service feeds it terms and part names and turns the result into
 * the API's shape.
 */
import { meaningfulTerm, type Token } from './analyze.ts';

export interface ThemeIdea {
  id: string;
  tokens: Token[];
  /** Part keys a moderator tagged the idea with. */
  tags: string[];
}

export interface PartTerms {
  partKey: string;
  /** Each name or synonym of the part, as analysed terms (a name may be several terms). */
  names: string[][];
}

export interface ThemeGroup {
  key: string;
  partKey: string | null;
  /** The most frequent surface form (free terms only). */
  label: string;
  /** In the order the ideas were given (the service gives newest first). */
  ideaIds: string[];
}

export const partThemeKey = (partKey: string) => `part:${partKey}`;
export const termThemeKey = (term: string) => `term:${term}`;

interface Candidate {
  partKey: string;
  seq: string[];
}

/** Longest names first, so "steering wheel" claims its "wheel" before the part "wheels" can. */
function candidates(parts: PartTerms[]): Candidate[] {
  const list: Candidate[] = [];
  for (const p of parts) for (const seq of p.names) if (seq.length) list.push({ partKey: p.partKey, seq });
  return list.sort((a, b) => b.seq.length - a.seq.length || a.partKey.localeCompare(b.partKey));
}

/** The part keys an idea's terms name, and which positions those names used up. */
export function matchParts(terms: string[], parts: PartTerms[]): { partKeys: Set<string>; used: boolean[] } {
  const used = terms.map(() => false);
  const partKeys = new Set<string>();
  for (const c of candidates(parts)) {
    for (let i = 0; i + c.seq.length <= terms.length; i++) {
      let hit = true;
      for (let k = 0; k < c.seq.length && hit; k++) hit = !used[i + k] && terms[i + k] === c.seq[k];
      if (!hit) continue;
      for (let k = 0; k < c.seq.length; k++) used[i + k] = true;
      partKeys.add(c.partKey);
    }
  }
  return { partKeys, used };
}

export function groupThemes(ideas: ThemeIdea[], parts: PartTerms[]): Map<string, ThemeGroup> {
  const groups = new Map<string, ThemeGroup & { surfaces: Map<string, number> }>();
  const add = (key: string, partKey: string | null, ideaId: string, surface: string | null) => {
    let g = groups.get(key);
    if (!g) {
      g = { key, partKey, label: '', ideaIds: [], surfaces: new Map() };
      groups.set(key, g);
    }
    if (g.ideaIds[g.ideaIds.length - 1] !== ideaId) g.ideaIds.push(ideaId);
    if (surface) g.surfaces.set(surface, (g.surfaces.get(surface) ?? 0) + 1);
  };
  for (const idea of ideas) {
    const { partKeys, used } = matchParts(idea.tokens.map((t) => t.term), parts);
    for (const tag of idea.tags) partKeys.add(tag);
    for (const k of [...partKeys].sort()) add(partThemeKey(k), k, idea.id, null);
    idea.tokens.forEach((t, i) => {
      if (!used[i] && meaningfulTerm(t)) add(termThemeKey(t.term), null, idea.id, t.surface);
    });
  }
  const out = new Map<string, ThemeGroup>();
  for (const [key, g] of groups) {
    let label = g.partKey ?? '';
    let best = 0;
    for (const [s, n] of g.surfaces) if (n > best || (n === best && s < label)) [label, best] = [s, n];
    out.set(key, { key, partKey: g.partKey, label, ideaIds: g.ideaIds });
  }
  return out;
}
