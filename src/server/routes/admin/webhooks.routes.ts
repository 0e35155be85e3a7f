import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { audit } from '../../../db/repositories/staff.repository.ts';
import {
  createEndpoint, deleteEndpoint, endpointSecret, enqueueTest, getDelivery, getEndpoint, listDeliveries, listEndpoints, resumeEndpoint, updateEndpoint,
} from '../../../db/repositories/webhooks.repository.ts';
import {
  WebhookCreated, WebhookDeleted, WebhookDeliveries, WebhookDelivery, WebhookEndpoint, WebhookInput, WebhookList, WebhookPatch, WebhookResumed, WebhookSecret,
} from '../../../shared/admin/webhooks.ts';
import { requireStaff } from '../../auth/staff-auth.ts';
import type { AppContext } from '../../context.ts';
import { notFound, unprocessable } from '../../errors.ts';
import { bareHost, BlockedAddressError, parseWebhookUrl, vettedAddresses } from '../../webhooks/address-guard.ts';
import { newSecret } from '../../webhooks/format.ts';
import { forgetSubscriptions } from '../../webhooks/subscribe.ts';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const LogQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false });
const errors = { '4xx': Type.Ref('Error') };
const PERMISSION = 'settings.manage' as const;

/** Refuses a URL no delivery could go to: not http(s), or (without WEBHOOK_ALLOW_PRIVATE) a private address now. */
async function checkUrl(ctx: AppContext, raw: string): Promise<string> {
  let url: URL;
  try {
    url = parseWebhookUrl(raw);
  } catch (err) {
    throw unprocessable((err as Error).message, 'webhook_url_invalid');
  }
  try {
    await vettedAddresses(bareHost(url), ctx.config.webhookAllowPrivate);
  } catch (err) {
    if (err instanceof BlockedAddressError) throw unprocessable(err.message, 'webhook_address_blocked');
    throw unprocessable(`${bareHost(url)} cannot be resolved`, 'webhook_url_unresolvable');
  }
  return url.toString();
}

/** Webhook endpoints (Data → Webhooks), admin-only; every change is audited. */
export const webhookRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db } = ctx;
  const guard = requireStaff(db, PERMISSION);
  // Any change to endpoints (or their pause) changes which events are queued.
  app.addHook('onSend', async (req, _reply, payload) => {
    if (req.method !== 'GET' && req.routeOptions.url?.startsWith('/api/v1/admin/webhooks')) forgetSubscriptions();
    return payload;
  });
  const found = async (id: string) => {
    const e = await getEndpoint(db, id);
    if (!e) throw notFound('no such webhook endpoint');
    return e;
  };

  app.get('/webhooks', { onRequest: guard, schema: { tags: ['admin'], summary: 'Webhook endpoints (no secrets)', response: { 200: WebhookList, ...errors } } }, async () =>
    listEndpoints(db),
  );

  app.post<{ Body: WebhookInput }>(
    '/webhooks',
    { onRequest: guard, schema: { tags: ['admin'], summary: 'Add a webhook endpoint; answers its signing secret', body: WebhookInput, response: { 201: WebhookCreated, ...errors } } },
    async (req, reply) => {
      const url = await checkUrl(ctx, req.body.url);
      const secret = newSecret();
      const id = await createEndpoint(db, { url, events: req.body.events, preset: req.body.preset ?? 'generic', description: req.body.description?.trim() ?? '', secret, createdBy: req.staff!.email });
      await audit(db, req.staff!.email, 'webhook.created', id, { url, events: req.body.events, preset: req.body.preset ?? 'generic' });
      return reply.status(201).send({ endpoint: (await getEndpoint(db, id))!, secret });
    },
  );

  app.patch<{ Params: { id: string }; Body: WebhookPatch }>(
    '/webhooks/:id',
    { onRequest: guard, schema: { tags: ['admin'], summary: 'Change a webhook endpoint\'s URL, events, preset or description', params: IdParams, body: WebhookPatch, response: { 200: WebhookEndpoint, ...errors } } },
    async (req) => {
      const url = req.body.url !== undefined ? await checkUrl(ctx, req.body.url) : undefined;
      if (!(await updateEndpoint(db, req.params.id, { ...req.body, url, description: req.body.description?.trim() }))) throw notFound('no such webhook endpoint');
      await audit(db, req.staff!.email, 'webhook.updated', req.params.id, { ...req.body, ...(url ? { url } : {}) });
      return found(req.params.id);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/webhooks/:id',
    { onRequest: guard, schema: { tags: ['admin'], summary: 'Remove a webhook endpoint and its delivery log', params: IdParams, response: { 200: WebhookDeleted, ...errors } } },
    async (req) => {
      if (!(await deleteEndpoint(db, req.params.id))) throw notFound('no such webhook endpoint');
      await audit(db, req.staff!.email, 'webhook.deleted', req.params.id);
      return { deleted: true };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/webhooks/:id/secret',
    { onRequest: guard, schema: { tags: ['admin'], summary: 'Show the endpoint\'s signing secret (audited)', params: IdParams, response: { 200: WebhookSecret, ...errors } } },
    async (req) => {
      const secret = await endpointSecret(db, req.params.id);
      if (!secret) throw notFound('no such webhook endpoint');
      await audit(db, req.staff!.email, 'webhook.secret_shown', req.params.id);
      return { secret };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/webhooks/:id/test',
    { onRequest: guard, schema: { tags: ['admin'], summary: 'Send a signed test delivery now (one attempt, not retried)', params: IdParams, response: { 200: WebhookDelivery, ...errors } } },
    async (req) => {
      await found(req.params.id);
      const id = await enqueueTest(db, req.params.id, new Date());
      // A background worker may have claimed it first: then wait for its attempt (bounded by the timeout).
      if (!(await ctx.webhooks.deliverNow(id))) {
        const until = Date.now() + (ctx.config.webhookTimeoutSeconds + 2) * 1000;
        while (Date.now() < until && (await getDelivery(db, id))?.attempts === 0) await new Promise((r) => setTimeout(r, 100));
      }
      await audit(db, req.staff!.email, 'webhook.tested', req.params.id);
      return (await getDelivery(db, id))!;
    },
  );

  app.post<{ Params: { id: string } }>(
    '/webhooks/:id/resume',
    { onRequest: guard, schema: { tags: ['admin'], summary: 'Resume a paused endpoint: its waiting deliveries are tried again', params: IdParams, response: { 200: WebhookResumed, ...errors } } },
    async (req) => {
      if (!(await resumeEndpoint(db, req.params.id, new Date()))) throw notFound('no such webhook endpoint');
      await audit(db, req.staff!.email, 'webhook.resumed', req.params.id);
      return { endpoint: await found(req.params.id) };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { limit?: number } }>(
    '/webhooks/:id/deliveries',
    { onRequest: guard, schema: { tags: ['admin'], summary: 'The endpoint\'s delivery log, newest first', params: IdParams, querystring: LogQuery, response: { 200: WebhookDeliveries, ...errors } } },
    async (req) => {
      await found(req.params.id);
      return { items: await listDeliveries(db, req.params.id, req.query.limit ?? 50) };
    },
  );
};
