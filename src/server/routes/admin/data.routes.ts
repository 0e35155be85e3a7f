import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { audit, deleteSessionsOf, listUsers } from '../../../db/repositories/staff.repository.ts';
import { putSetting } from '../../../db/repositories/settings.repository.ts';
import { AuditRow, Deletions, PageQuery, RetentionInput, RetentionView, StaffRow, UserPatch } from '../../../shared/admin/data.ts';
import { requireStaff } from '../../auth/staff-auth.ts';
import type { AppContext } from '../../context.ts';
import { badRequest, notFound, unprocessable } from '../../errors.ts';
import { retentionSettings, runRetention } from '../../services/retention.service.ts';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const errors = { '4xx': Type.Ref('Error') };

/** People and roles, retention, the deletion log and the audit log. */
export const dataRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db } = ctx;

  app.get('/users', { onRequest: requireStaff(db, 'users.manage'), schema: { tags: ['admin'], summary: 'Staff accounts', response: { 200: Type.Array(StaffRow), ...errors } } }, async () =>
    (await listUsers(db)).map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })),
  );

  app.patch<{ Params: { id: string }; Body: UserPatch }>(
    '/users/:id',
    { onRequest: requireStaff(db, 'users.manage'), schema: { tags: ['admin'], summary: 'Change a role, a showroom, or disable an account', params: IdParams, body: UserPatch, response: errors } },
    async (req) => {
      if (req.params.id === req.staff!.id && (req.body.disabled || (req.body.role && req.body.role !== 'admin'))) {
        throw badRequest('you cannot demote or disable yourself: ask another admin');
      }
      await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ role: string; showroom_id: string | null }>('select role, showroom_id from staff_users where id = $1 for update', [req.params.id]);
        if (!rows[0]) throw notFound('no such staff member');
        const role = req.body.role ?? rows[0].role;
        const showroomId = req.body.showroomId !== undefined ? req.body.showroomId : rows[0].showroom_id;
        if (role === 'showroom_manager' && !showroomId) throw badRequest('a showroom manager needs a showroomId');
        if (role === 'showroom_manager' && !(await tx.query('select 1 from showrooms where id = $1', [showroomId])).rows.length) {
          throw unprocessable('no showroom has this showroomId', 'unknown_reference');
        }
        await tx.query(
          `update staff_users set role = $2, showroom_id = $3,
                  disabled_at = case when $4::boolean is null then disabled_at when $4 then coalesce(disabled_at, now()) else null end
            where id = $1`,
          [req.params.id, role, role === 'showroom_manager' ? showroomId : null, req.body.disabled ?? null],
        );
        if (req.body.disabled) await deleteSessionsOf(tx, req.params.id);
        await audit(tx, req.staff!.email, 'staff.updated', req.params.id, { ...req.body });
      });
      return { updated: true };
    },
  );

  app.get('/settings/retention', { onRequest: requireStaff(db, 'settings.manage'), schema: { tags: ['admin'], summary: 'Retention periods', response: { 200: RetentionView, ...errors } } }, async () => retentionSettings(db));

  app.put<{ Body: RetentionInput }>(
    '/settings/retention',
    { onRequest: requireStaff(db, 'settings.manage'), schema: { tags: ['admin'], summary: 'Change retention periods', body: RetentionInput, response: errors } },
    async (req) => {
      await putSetting(db, 'retention', req.body);
      await audit(db, req.staff!.email, 'settings.retention', null, { ...req.body });
      return req.body;
    },
  );

  app.post('/retention/run', { onRequest: requireStaff(db, 'settings.manage'), schema: { tags: ['admin'], summary: 'Run the retention job now' } }, async () => (await runRetention(db)) ?? { busy: true });

  app.get<{ Querystring: PageQuery }>(
    '/deletions',
    { onRequest: requireStaff(db, 'audit.read'), schema: { tags: ['admin'], summary: 'Deletion log: visits erased by families (dates only) and retention runs', querystring: PageQuery, response: { 200: Deletions, ...errors } } },
    async (req) => {
      const size = req.query.pageSize ?? 50;
      const offset = ((req.query.page ?? 1) - 1) * size;
      const families = await db.query<{ deleted_at: Date }>('select deleted_at from visit_tombstones order by deleted_at desc limit $1 offset $2', [size, offset]);
      const retention = await db.query<{ at: Date; kind: string; items: number }>('select at, kind, items from retention_log order by at desc limit $1 offset $2', [size, offset]);
      return {
        families: families.rows.map((r) => ({ deletedAt: r.deleted_at.toISOString() })),
        retention: retention.rows.map((r) => ({ at: r.at.toISOString(), kind: r.kind, items: r.items })),
      };
    },
  );

  app.get<{ Querystring: PageQuery }>(
    '/audit',
    { onRequest: requireStaff(db, 'audit.read'), schema: { tags: ['admin'], summary: 'Audit log, newest first', querystring: PageQuery, response: { 200: Type.Array(AuditRow), ...errors } } },
    async (req) => {
      const size = req.query.pageSize ?? 50;
      const offset = ((req.query.page ?? 1) - 1) * size;
      const { rows } = await db.query<{ id: number; at: Date; actor: string; action: string; target: string | null; details: unknown }>(
        'select id, at, actor, action, target, details from audit_log order by id desc limit $1 offset $2',
        [size, offset],
      );
      return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    },
  );
};
