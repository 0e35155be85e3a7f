import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { checkPicture } from '../../../core/picture-check.ts';
import { sha256 } from '../../../core/ticket.ts';
import type { Queryable } from '../../../db/database.ts';
import { assetExists, draftCatalog, isPairPublished, isPartPublished, publishDraft, putAssetBytes } from '../../../db/repositories/catalog-admin.repository.ts';
import { audit } from '../../../db/repositories/staff.repository.ts';
import { CatalogView, PairInput, PairPatch, PartInput, PartPatch, ProductInput, ProductPatch, type PictureUpload, type PromptAudioInput } from '../../../shared/admin/catalog.ts';
import { audioMatchesMime } from '../../../core/audio.ts';
import { requireStaff } from '../../auth/staff-auth.ts';
import type { AppContext } from '../../context.ts';
import { ApiError, conflict, notFound, unprocessable } from '../../errors.ts';
import { assetUrl } from '../../presenters/localized.ts';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const errors = { '4xx': Type.Ref('Error') };

/** Stores an uploaded picture (checked) or verifies a reference to an existing one; returns the asset id. */
async function resolvePicture(db: Queryable, p: PictureUpload | string): Promise<string> {
  if (typeof p === 'string') {
    if (!(await assetExists(db, p))) throw unprocessable(`no picture ${p}`, 'unknown_reference');
    return p;
  }
  const bytes = Buffer.from(p.data, 'base64');
  const check = checkPicture(bytes, p.mime);
  if (!check.ok) throw new ApiError(422, 'bad_picture', check.reason);
  const id = sha256(bytes).toString('hex');
  await putAssetBytes(db, id, check.mime, bytes);
  return id;
}

/** New clip ids for a prompt: undefined keeps the old one, null removes it. */
async function resolveAudio(db: Queryable, input: PromptAudioInput | undefined, old: { zh: string | null; en: string | null }): Promise<{ zh: string | null; en: string | null }> {
  const one = async (a: PromptAudioInput['zh'], previous: string | null): Promise<string | null> => {
    if (a === undefined) return previous;
    if (a === null) return null;
    const bytes = Buffer.from(a.data, 'base64');
    if (bytes.length > 1_000_000) throw new ApiError(422, 'bad_audio', 'a prompt recording may be at most 1 MB');
    if (!audioMatchesMime(bytes, a.mime)) throw new ApiError(422, 'bad_audio', `the file is not a ${a.mime} recording`);
    const id = sha256(bytes).toString('hex');
    await putAssetBytes(db, id, a.mime, bytes);
    return id;
  };
  return { zh: await one(input?.zh, old.zh), en: await one(input?.en, old.en) };
}

export const catalogRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db } = ctx;
  const write = requireStaff(db, 'catalog.write');
  const body = { bodyLimit: 4 * 1024 * 1024 };

  app.get('/catalog', { onRequest: requireStaff(db, 'catalog.read'), schema: { tags: ['admin'], summary: 'The draft catalog and the published activity versions', response: { 200: CatalogView, ...errors } } }, async () => {
    const c = await draftCatalog(db);
    return {
      products: c.products.map((p) => ({
        id: p.id,
        key: p.key,
        nameZh: p.name_zh,
        nameEn: p.name_en,
        picture: assetUrl(p.picture_asset),
        retired: p.retired_at !== null,
        parts: c.parts.filter((x) => x.product_id === p.id).map((x) => ({
          id: x.id, key: x.key, nameZh: x.name_zh, nameEn: x.name_en, promptZh: x.prompt_zh, promptEn: x.prompt_en,
          x: x.x, y: x.y, icon: assetUrl(x.icon_asset), iconId: x.icon_asset, position: x.position, published: x.published,
          promptAudio: { zh: assetUrl(x.audio_zh), en: assetUrl(x.audio_en) },
        })),
        pairs: c.pairs.filter((x) => x.product_id === p.id).map((x) => ({
          id: x.id, key: x.key, promptZh: x.prompt_zh, promptEn: x.prompt_en, position: x.position, published: x.published,
          promptAudio: { zh: assetUrl(x.audio_zh), en: assetUrl(x.audio_en) },
          a: { labelZh: x.a_label_zh, labelEn: x.a_label_en, picture: assetUrl(x.a_asset), pictureId: x.a_asset },
          b: { labelZh: x.b_label_zh, labelEn: x.b_label_en, picture: assetUrl(x.b_asset), pictureId: x.b_asset },
        })),
      })),
      activities: c.activities.map((a) => ({ ...a, publishedAt: a.published_at.toISOString(), published_at: undefined })),
    };
  });

  app.post<{ Body: ProductInput }>('/products', { ...body, onRequest: write, schema: { tags: ['admin'], summary: 'Add a car model', body: ProductInput, response: errors } }, async (req, reply) => {
    const id = await db.transaction(async (tx) => {
      const picture = await resolvePicture(tx, req.body.picture);
      const { rows } = await tx.query<{ id: string }>(
        'insert into products (key, name_zh, name_en, picture_asset) values ($1, $2, $3, $4) on conflict (key) do nothing returning id',
        [req.body.key, req.body.nameZh, req.body.nameEn, picture],
      );
      if (!rows[0]) throw conflict(`a car model with key "${req.body.key}" exists`);
      await audit(tx, req.staff!.email, 'product.created', req.body.key);
      return rows[0].id;
    });
    return reply.status(201).send({ id });
  });

  app.patch<{ Params: { id: string }; Body: ProductPatch }>('/products/:id', { ...body, onRequest: write, schema: { tags: ['admin'], summary: 'Rename, change the picture, retire or restore a car model', params: IdParams, body: ProductPatch, response: errors } }, async (req) => {
    await db.transaction(async (tx) => {
      const picture = req.body.picture ? await resolvePicture(tx, req.body.picture) : null;
      const { rows } = await tx.query(
        `update products set name_zh = coalesce($2, name_zh), name_en = coalesce($3, name_en), picture_asset = coalesce($4, picture_asset),
                retired_at = case when $5::boolean is null then retired_at when $5 then coalesce(retired_at, now()) else null end
          where id = $1 returning id`,
        [req.params.id, req.body.nameZh ?? null, req.body.nameEn ?? null, picture, req.body.retired ?? null],
      );
      if (!rows.length) throw notFound('no such car model');
      await audit(tx, req.staff!.email, 'product.updated', req.params.id, { ...req.body, picture: picture ?? undefined });
    });
    return { updated: true };
  });

  app.post<{ Params: { id: string }; Body: PartInput }>('/products/:id/parts', { ...body, onRequest: write, schema: { tags: ['admin'], summary: 'Add a part with its hotspot', params: IdParams, body: PartInput, response: errors } }, async (req, reply) => {
    const id = await db.transaction(async (tx) => {
      const dup = await tx.query('select 1 from parts where product_id = $1 and key = $2 and retired_at is null', [req.params.id, req.body.key]);
      if (dup.rows.length) throw conflict(`this model already has a part "${req.body.key}"`);
      const icon = req.body.icon ? await resolvePicture(tx, req.body.icon) : null;
      const audio = await resolveAudio(tx, req.body.promptAudio, { zh: null, en: null });
      const { rows } = await tx.query<{ id: string }>(
        `insert into parts (product_id, key, name_zh, name_en, prompt_zh, prompt_en, x, y, icon_asset, position, audio_zh, audio_en)
         select $1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, (select coalesce(max(position) + 1, 0) from parts where product_id = $1)), $11, $12
          where exists (select 1 from products where id = $1) returning id`,
        [req.params.id, req.body.key, req.body.nameZh, req.body.nameEn, req.body.promptZh, req.body.promptEn, req.body.x, req.body.y, icon, req.body.position ?? null, audio.zh, audio.en],
      );
      if (!rows[0]) throw notFound('no such car model');
      await audit(tx, req.staff!.email, 'part.created', rows[0].id, { key: req.body.key });
      return rows[0].id;
    });
    return reply.status(201).send({ id });
  });

  /**
   * A published part is never edited in place (old answers must keep meaning what the child
   * saw): the edit retires it and creates its successor with the same key.
   */
  app.patch<{ Params: { id: string }; Body: PartPatch }>('/parts/:id', { ...body, onRequest: write, schema: { tags: ['admin'], summary: 'Edit a part (move its hotspot, rename, re-word)', params: IdParams, body: PartPatch, response: errors } }, async (req) => {
    const id = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; product_id: string; key: string; name_zh: string; name_en: string; prompt_zh: string; prompt_en: string; x: number; y: number; icon_asset: string | null; position: number; audio_zh: string | null; audio_en: string | null }>(
        'select * from parts where id = $1 and retired_at is null for update',
        [req.params.id],
      );
      const old = rows[0];
      if (!old) throw notFound('no such part in the draft');
      const icon = req.body.icon ? await resolvePicture(tx, req.body.icon) : old.icon_asset;
      const audio = await resolveAudio(tx, req.body.promptAudio, { zh: old.audio_zh, en: old.audio_en });
      const next = {
        name_zh: req.body.nameZh ?? old.name_zh, name_en: req.body.nameEn ?? old.name_en, prompt_zh: req.body.promptZh ?? old.prompt_zh,
        prompt_en: req.body.promptEn ?? old.prompt_en, x: req.body.x ?? old.x, y: req.body.y ?? old.y, position: req.body.position ?? old.position,
      };
      let id = old.id;
      if (await isPartPublished(tx, old.id)) {
        await tx.query('update parts set retired_at = now() where id = $1', [old.id]);
        const created = await tx.query<{ id: string }>(
          `insert into parts (product_id, key, name_zh, name_en, prompt_zh, prompt_en, x, y, icon_asset, position, audio_zh, audio_en)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
          [old.product_id, old.key, next.name_zh, next.name_en, next.prompt_zh, next.prompt_en, next.x, next.y, icon, next.position, audio.zh, audio.en],
        );
        id = created.rows[0]!.id;
      } else {
        await tx.query(
          `update parts set name_zh = $2, name_en = $3, prompt_zh = $4, prompt_en = $5, x = $6, y = $7, icon_asset = $8, position = $9,
                  audio_zh = $10, audio_en = $11 where id = $1`,
          [old.id, next.name_zh, next.name_en, next.prompt_zh, next.prompt_en, next.x, next.y, icon, next.position, audio.zh, audio.en],
        );
      }
      await audit(tx, req.staff!.email, 'part.updated', id, { previous: old.id, ...req.body, icon: undefined, promptAudio: undefined });
      return id;
    });
    return { id };
  });

  app.delete<{ Params: { id: string } }>('/parts/:id', { onRequest: write, schema: { tags: ['admin'], summary: 'Take a part out of the draft', params: IdParams, response: errors } }, async (req) => {
    const r = await db.query('update parts set retired_at = now() where id = $1 and retired_at is null returning id', [req.params.id]);
    if (!r.rows.length) throw notFound('no such part in the draft');
    await audit(db, req.staff!.email, 'part.retired', req.params.id);
    return { retired: true };
  });

  app.post<{ Params: { id: string }; Body: PairInput }>('/products/:id/pairs', { ...body, onRequest: write, schema: { tags: ['admin'], summary: 'Add a this-or-that pair', params: IdParams, body: PairInput, response: errors } }, async (req, reply) => {
    const id = await db.transaction(async (tx) => {
      const dup = await tx.query('select 1 from pairs where product_id = $1 and key = $2 and retired_at is null', [req.params.id, req.body.key]);
      if (dup.rows.length) throw conflict(`this model already has a pair "${req.body.key}"`);
      const a = await resolvePicture(tx, req.body.a.picture);
      const b = await resolvePicture(tx, req.body.b.picture);
      const audio = await resolveAudio(tx, req.body.promptAudio, { zh: null, en: null });
      const { rows } = await tx.query<{ id: string }>(
        `insert into pairs (product_id, key, prompt_zh, prompt_en, a_label_zh, a_label_en, a_asset, b_label_zh, b_label_en, b_asset, position, audio_zh, audio_en)
         select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11, (select coalesce(max(position) + 1, 0) from pairs where product_id = $1)), $12, $13
          where exists (select 1 from products where id = $1) returning id`,
        [req.params.id, req.body.key, req.body.promptZh, req.body.promptEn, req.body.a.labelZh, req.body.a.labelEn, a, req.body.b.labelZh, req.body.b.labelEn, b, req.body.position ?? null, audio.zh, audio.en],
      );
      if (!rows[0]) throw notFound('no such car model');
      await audit(tx, req.staff!.email, 'pair.created', rows[0].id, { key: req.body.key });
      return rows[0].id;
    });
    return reply.status(201).send({ id });
  });

  app.patch<{ Params: { id: string }; Body: PairPatch }>('/pairs/:id', { ...body, onRequest: write, schema: { tags: ['admin'], summary: 'Edit a this-or-that pair', params: IdParams, body: PairPatch, response: errors } }, async (req) => {
    const id = await db.transaction(async (tx) => {
      const { rows } = await tx.query<Record<string, never>>('select * from pairs where id = $1 and retired_at is null for update', [req.params.id]);
      const old = rows[0] as unknown as { id: string; product_id: string; key: string; prompt_zh: string; prompt_en: string; a_label_zh: string; a_label_en: string; a_asset: string; b_label_zh: string; b_label_en: string; b_asset: string; position: number; audio_zh: string | null; audio_en: string | null } | undefined;
      if (!old) throw notFound('no such pair in the draft');
      const next = [
        req.body.promptZh ?? old.prompt_zh, req.body.promptEn ?? old.prompt_en,
        req.body.a?.labelZh ?? old.a_label_zh, req.body.a?.labelEn ?? old.a_label_en, req.body.a ? await resolvePicture(tx, req.body.a.picture) : old.a_asset,
        req.body.b?.labelZh ?? old.b_label_zh, req.body.b?.labelEn ?? old.b_label_en, req.body.b ? await resolvePicture(tx, req.body.b.picture) : old.b_asset,
        req.body.position ?? old.position,
      ];
      const audio = await resolveAudio(tx, req.body.promptAudio, { zh: old.audio_zh, en: old.audio_en });
      next.push(audio.zh as string, audio.en as string);
      let id = old.id;
      if (await isPairPublished(tx, old.id)) {
        await tx.query('update pairs set retired_at = now() where id = $1', [old.id]);
        const created = await tx.query<{ id: string }>(
          `insert into pairs (product_id, key, prompt_zh, prompt_en, a_label_zh, a_label_en, a_asset, b_label_zh, b_label_en, b_asset, position, audio_zh, audio_en)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
          [old.product_id, old.key, ...next],
        );
        id = created.rows[0]!.id;
      } else {
        await tx.query(
          `update pairs set prompt_zh = $2, prompt_en = $3, a_label_zh = $4, a_label_en = $5, a_asset = $6, b_label_zh = $7, b_label_en = $8, b_asset = $9, position = $10,
                  audio_zh = $11, audio_en = $12 where id = $1`,
          [old.id, ...next],
        );
      }
      await audit(tx, req.staff!.email, 'pair.updated', id, { previous: old.id });
      return id;
    });
    return { id };
  });

  app.delete<{ Params: { id: string } }>('/pairs/:id', { onRequest: write, schema: { tags: ['admin'], summary: 'Take a pair out of the draft', params: IdParams, response: errors } }, async (req) => {
    const r = await db.query('update pairs set retired_at = now() where id = $1 and retired_at is null returning id', [req.params.id]);
    if (!r.rows.length) throw notFound('no such pair in the draft');
    await audit(db, req.staff!.email, 'pair.retired', req.params.id);
    return { retired: true };
  });

  app.post('/activities', { onRequest: write, schema: { tags: ['admin'], summary: 'Publish the draft as the next activity version', response: errors } }, async (req, reply) => {
    const version = await db.transaction(async (tx) => {
      const v = await publishDraft(tx, req.staff!.id);
      await audit(tx, req.staff!.email, 'activity.published', String(v));
      return v;
    });
    ctx.activities.invalidate();
    return reply.status(201).send({ version });
  });
};
