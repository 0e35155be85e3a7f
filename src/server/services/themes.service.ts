/**
 * What the ideas are about: themes per model and period, with the period just before for the
 * trend. Ideas are analysed once (terms cached per idea in idea_theme_terms); part names and
 * synonyms are matched per request, so an admin's new synonym counts at once, also for old ideas.
 */
import { analyzeName, analyzeText, ANALYZER_VERSION, type Token } from '../../core/themes/analyze.ts';
import { groupThemes, type PartTerms, type ThemeIdea } from '../../core/themes/group.ts';
import type { Queryable } from '../../db/database.ts';
import type { InsightScope } from '../../db/repositories/insight.repository.ts';
import * as repo from '../../db/repositories/themes.repository.ts';
import { reportTimeZone } from '../../db/repositories/visits.repository.ts';
import type { PartSynonymList, Themes } from '../../shared/admin/themes.ts';
import { notFound } from '../errors.ts';

/** Ideas read per period at most (newest first): bounds a request's work on a busy model. */
export const THEME_IDEA_CAP = 5000;
const SAMPLE_IDEAS = 20;
const DEFAULT_LIMIT = 20;

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The same-length period that ends the day before `from`. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const n = daysBetween(from, to);
  return { from: addDays(from, -n), to: addDays(from, -1) };
}

async function periodIdeas(db: Queryable, productId: string, scope: InsightScope): Promise<{ ideas: ThemeIdea[]; capped: boolean }> {
  const rows = await repo.themeIdeas(db, productId, scope, reportTimeZone(), THEME_IDEA_CAP + 1);
  const capped = rows.length > THEME_IDEA_CAP;
  const fresh: Array<{ ideaId: string; md5: string; tokens: Array<[string, string]> }> = [];
  const ideas = rows.slice(0, THEME_IDEA_CAP).map((r): ThemeIdea => {
    let tokens: Token[] = [];
    if (r.text !== null && r.text_md5 !== null) {
      if (r.tokens && r.cached_version === ANALYZER_VERSION && r.cached_md5 === r.text_md5) {
        tokens = r.tokens.map(([term, surface]) => ({ term, surface }));
      } else {
        tokens = analyzeText(r.text);
        fresh.push({ ideaId: r.id, md5: r.text_md5, tokens: tokens.map((t) => [t.term, t.surface]) });
      }
    }
    return { id: r.id, tokens, tags: r.tags };
  });
  await repo.saveThemeTerms(db, ANALYZER_VERSION, fresh);
  return { ideas, capped };
}

function partTerms(parts: repo.ThemePartRow[], synonyms: repo.SynonymRow[]): PartTerms[] {
  const byKey = new Map<string, Set<string>>();
  const names = (key: string) => {
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = new Set()));
    return s;
  };
  for (const p of parts) names(p.key).add(p.name_zh).add(p.name_en);
  for (const s of synonyms) names(s.part_key).add(s.term);
  return [...byKey].map(([partKey, set]) => ({ partKey, names: [...set].map(analyzeName).filter((seq) => seq.length > 0) }));
}

export async function themes(db: Queryable, productId: string, scope: InsightScope, limit = DEFAULT_LIMIT): Promise<Themes> {
  const [catalog, synonyms] = await Promise.all([repo.productParts(db, productId), repo.partSynonyms(db, productId)]);
  if (!catalog.exists) throw notFound('no such car model');
  const prevDates = previousPeriod(scope.from, scope.to);
  const current = await periodIdeas(db, productId, scope);
  const previous = await periodIdeas(db, productId, { ...scope, ...prevDates });
  const terms = partTerms(catalog.parts, synonyms);
  const now = groupThemes(current.ideas, terms);
  const before = groupThemes(previous.ideas, terms);

  // The first row per key is the current one (see productParts' order).
  const current1 = new Map<string, repo.ThemePartRow>();
  for (const p of catalog.parts) if (!current1.has(p.key)) current1.set(p.key, p);
  const foreignKeys = [...now.values()].map((g) => g.partKey).filter((k): k is string => k !== null && !current1.has(k));
  const foreign = new Map((await repo.partNamesByKey(db, [...new Set(foreignKeys)])).map((r) => [r.key, r]));

  const items = [...now.values()]
    .map((g) => {
      const part = g.partKey ? (current1.get(g.partKey) ?? foreign.get(g.partKey)) : undefined;
      const partIds = g.partKey ? catalog.parts.filter((p) => p.key === g.partKey && !p.retired).map((p) => p.id) : [];
      const fallbackId = g.partKey && !partIds.length ? current1.get(g.partKey)?.id : undefined;
      return {
        key: g.key,
        label: part ? { 'zh-CN': part.name_zh, en: part.name_en } : { 'zh-CN': g.label, en: g.label },
        partKey: g.partKey,
        count: g.ideaIds.length,
        previousCount: before.get(g.key)?.ideaIds.length ?? 0,
        partIds: fallbackId ? [fallbackId] : partIds,
        sampleIdeaIds: g.ideaIds.slice(0, SAMPLE_IDEAS),
      };
    })
    .sort((a, b) => b.count - a.count || b.previousCount - a.previousCount || a.key.localeCompare(b.key))
    .slice(0, limit);
  return {
    from: scope.from,
    to: scope.to,
    previousFrom: prevDates.from,
    previousTo: prevDates.to,
    ideas: current.ideas.length,
    capped: current.capped,
    items,
  };
}

export async function listPartSynonyms(db: Queryable, productId: string): Promise<PartSynonymList> {
  const { exists, parts } = await repo.productParts(db, productId);
  if (!exists) throw notFound('no such car model');
  const rows = await repo.partSynonyms(db, productId);
  const keys = [...new Set([...parts.filter((p) => !p.retired).map((p) => p.key), ...rows.map((r) => r.part_key)])].sort();
  return {
    items: keys.map((partKey) => ({
      partKey,
      zh: rows.filter((r) => r.part_key === partKey && r.lang === 'zh').map((r) => r.term),
      en: rows.filter((r) => r.part_key === partKey && r.lang === 'en').map((r) => r.term),
    })),
  };
}
