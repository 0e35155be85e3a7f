import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { CONSENT_USES, CURRENT_CONSENT, LEGACY_COVERS, ideaMayAppear, nicknameMayAppear } from '../src/core/consent.ts';

const migration = readFileSync(new URL('../src/db/migrations/008_consent_scope.sql', import.meta.url), 'utf8');

describe('consent scope (src/core/consent.ts)', () => {
  it('an idea is public only with the toggle, a drawing or text, and a version naming the surface', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('drawing', 'text', 'voice'),
        fc.constantFrom('gallery', 'wall', 'board') as fc.Arbitrary<'gallery' | 'wall' | 'board'>,
        fc.boolean(),
        fc.subarray([...CONSENT_USES]),
        (kind, surface, gallery, covers) => {
          const expected = gallery && kind !== 'voice' && covers.includes(`${kind}:${surface}` as never);
          assert.equal(ideaMayAppear(kind, surface, { gallery }, covers), expected);
          assert.equal(ideaMayAppear(kind, surface, { gallery: false }, CONSENT_USES), false, 'never without the toggle');
        },
      ),
    );
  });

  it('a nickname is shown only with its toggle and a version naming the surface', () => {
    fc.assert(
      fc.property(fc.constantFrom('certificate', 'wall', 'board') as fc.Arbitrary<'certificate' | 'wall' | 'board'>, fc.boolean(), fc.subarray([...CONSENT_USES]), (surface, nickname, covers) => {
        assert.equal(nicknameMayAppear(surface, { nickname }, covers), nickname && covers.includes(`nickname:${surface}` as never));
      }),
    );
  });

  it('the first version never covers the board; voice is never public under any version', () => {
    assert.ok(!LEGACY_COVERS.some((u) => u.endsWith(':board')));
    assert.ok(!CONSENT_USES.some((u) => u.startsWith('voice:')));
    for (const s of ['gallery', 'wall', 'board'] as const) assert.equal(ideaMayAppear('voice', s, { gallery: true }, CONSENT_USES), false);
  });

  it('migration 008 knows exactly the uses of src/core/consent.ts, and backfills what the first words said', () => {
    const check = migration.match(/covers <@ array\[([^\]]+)\]/)![1]!;
    const known = [...check.matchAll(/'([a-z]+:[a-z]+)'/g)].map((m) => m[1]);
    assert.deepEqual([...known].sort(), [...CONSENT_USES].sort());
    const backfill = migration.match(/update consent_texts set covers = array\[([^\]]+)\]/)![1]!;
    assert.deepEqual([...backfill.matchAll(/'([a-z]+:[a-z]+)'/g)].map((m) => m[1]).sort(), [...LEGACY_COVERS].sort());
    assert.ok(migration.includes(`'${CURRENT_CONSENT.version}'`));
  });
});
