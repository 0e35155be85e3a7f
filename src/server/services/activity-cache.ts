import type { Database } from '../../db/database.ts';
import { loadActivity, type ActivityContents } from '../../db/repositories/catalog.repository.ts';
import { floorProductIds } from '../../db/repositories/showrooms.repository.ts';

export interface ActivityIndex {
  contents: ActivityContents;
  productIds: Set<string>;
  partsByProduct: Map<string, Set<string>>;
  pairsByProduct: Map<string, Set<string>>;
}

const FLOOR_TTL_MS = 10_000;

/**
 * Published activities never change, so they are cached for good; showroom floors
 * change rarely and are cached briefly. Keeps visit ingest to the writes it must do.
 */
export class ActivityCache {
  private activities = new Map<number, Promise<ActivityIndex | null>>();
  private floors = new Map<string, { at: number; ids: Set<string> }>();
  private keySets = new Map<string, { at: number; value: Promise<Set<string>> }>();

  constructor(private readonly db: Database) {}

  activity(version: number): Promise<ActivityIndex | null> {
    let hit = this.activities.get(version);
    if (!hit) {
      hit = loadActivity(this.db, version).then((contents) => (contents ? indexActivity(contents) : null));
      // A version that does not exist yet may be published later: do not cache the miss.
      hit.then((v) => v ?? this.activities.delete(version), () => this.activities.delete(version));
      this.activities.set(version, hit);
    }
    return hit;
  }

  async floor(showroomId: string): Promise<Set<string>> {
    const hit = this.floors.get(showroomId);
    if (hit && Date.now() - hit.at < FLOOR_TTL_MS) return hit.ids;
    const ids = new Set(await floorProductIds(this.db, showroomId));
    this.floors.set(showroomId, { at: Date.now(), ids });
    return ids;
  }

  consentVersions(): Promise<Set<string>> {
    return this.keys('consent', 'select version as k from consent_texts');
  }

  avatarKeys(): Promise<Set<string>> {
    return this.keys('avatars', 'select key as k from avatars');
  }

  private keys(name: string, sql: string): Promise<Set<string>> {
    const hit = this.keySets.get(name);
    if (hit && Date.now() - hit.at < FLOOR_TTL_MS) return hit.value;
    const value = this.db.query<{ k: string }>(sql).then((r) => new Set(r.rows.map((row) => row.k)));
    value.catch(() => this.keySets.delete(name));
    this.keySets.set(name, { at: Date.now(), value });
    return value;
  }

  invalidate(): void {
    this.floors.clear();
    this.keySets.clear();
  }
}

function indexActivity(contents: ActivityContents): ActivityIndex {
  const partsByProduct = new Map<string, Set<string>>();
  const pairsByProduct = new Map<string, Set<string>>();
  for (const p of contents.products) {
    partsByProduct.set(p.id, new Set());
    pairsByProduct.set(p.id, new Set());
  }
  for (const part of contents.parts) partsByProduct.get(part.product_id)?.add(part.id);
  for (const pair of contents.pairs) pairsByProduct.get(pair.product_id)?.add(pair.id);
  return { contents, productIds: new Set(contents.products.map((p) => p.id)), partsByProduct, pairsByProduct };
}
