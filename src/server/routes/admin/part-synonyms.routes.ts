import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { analyzeName } from '../../../core/themes/analyze.ts';
import { partIdentity, replacePartSynonyms } from '../../../db/repositories/themes.repository.ts';
import { audit } from '../../../db/repositories/staff.repository.ts';
import { PartSynonymList, PartSynonyms, PartSynonymsInput } from '../../../shared/admin/themes.ts';
import { requireStaff } from '../../auth/staff-auth.ts';
import type { AppContext } from '../../context.ts';
import { notFound, unprocessable } from '../../errors.ts';
import { listPartSynonyms } from '../../services/themes.service.ts';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const errors = { '4xx': Type.Ref('Error') };

/** Trimmed, blank ones dropped, each once; a word made only of stop words could never match. */
function cleanList(list: string[]): string[] {
  const out: string[] = [];
  for (const raw of list) {
    const term = raw.trim().replace(/\s+/g, ' ');
    if (!term || out.includes(term)) continue;
    if (!analyzeName(term).length) throw unprocessable(`"${term}" has no word a theme could match (only stop words)`, 'unmatchable_synonym');
    out.push(term);
  }
  return out;
}

export const partSynonymRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db } = ctx;

  app.get<{ Params: { id: string } }>(
    '/products/:id/part-synonyms',
    { onRequest: requireStaff(db, 'catalog.read'), schema: { tags: ['admin'], summary: "Synonyms of a model's parts, used to find parts in ideas (themes)", params: IdParams, response: { 200: PartSynonymList, ...errors } } },
    async (req) => listPartSynonyms(db, req.params.id),
  );

  app.put<{ Params: { id: string }; Body: PartSynonymsInput }>(
    '/parts/:id/synonyms',
    { onRequest: requireStaff(db, 'catalog.write'), schema: { tags: ['admin'], summary: "Replace a part's synonyms (zh and en); they follow the part's key across edits", params: IdParams, body: PartSynonymsInput, response: { 200: PartSynonyms, ...errors } } },
    async (req) => {
      const zh = cleanList(req.body.zh);
      const en = cleanList(req.body.en);
      return db.transaction(async (tx) => {
        const part = await partIdentity(tx, req.params.id);
        if (!part) throw notFound('no such part');
        await replacePartSynonyms(tx, part.product_id, part.key, zh, en);
        await audit(tx, req.staff!.email, 'part.synonyms', req.params.id, { key: part.key, zh, en });
        return { partKey: part.key, zh, en };
      });
    },
  );
};
