import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { ANSWER_COLUMNS, answerRows, type AnswerRow } from '../../../db/repositories/export.repository.ts';
import { audit } from '../../../db/repositories/staff.repository.ts';
import { reportTimeZone } from '../../../db/repositories/visits.repository.ts';
import { InsightFilter } from '../../../shared/admin/insight.ts';
import { requireStaff } from '../../auth/staff-auth.ts';
import type { AppContext } from '../../context.ts';
import { toScope } from '../../services/insight.service.ts';
import { csvCell, xlsxCell } from '../../../core/spreadsheet-cell.ts';

const ExportQuery = Type.Object({ ...InsightFilter.properties, productId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false });
type ExportQuery = InsightFilter & { productId?: string };

const errors = { '4xx': Type.Ref('Error') };
/** A file, streamed: documented in OpenAPI, never serialized as JSON. */
const file = (type: string, description: string) => ({ 200: { description, content: { [type]: { schema: Type.String({ format: 'binary' }) } } }, ...errors });

const rowValues = (r: AnswerRow) => ANSWER_COLUMNS.map((c) => (c === 'completed_at' ? r.completed_at.toISOString() : r[c]));

export const exportRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db } = ctx;

  app.get<{ Querystring: ExportQuery }>(
    '/export/answers.csv',
    { onRequest: requireStaff(db, 'export.read'), schema: { tags: ['admin'], summary: 'One row per answer, as CSV (honours the insight filters)', querystring: ExportQuery, response: file('text/csv', 'UTF-8 with a byte-order mark') } },
    async (req, reply) => {
      const scope = { ...toScope(req.staff!, req.query), productId: req.query.productId ?? null };
      await audit(db, req.staff!.email, 'export.csv', null, { ...req.query });
      const out = new PassThrough();
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="little-advisors-answers-${scope.from}-${scope.to}.csv"`);
      void (async () => {
        out.write('\ufeff' + ANSWER_COLUMNS.join(',') + '\n');
        try {
          for await (const page of answerRows(db, scope, reportTimeZone())) out.write(page.map((r) => rowValues(r).map(csvCell).join(',')).join('\n') + '\n');
        } catch (err) {
          req.log.error({ err: String(err) }, 'csv export failed');
        }
        out.end();
      })();
      return reply.send(out);
    },
  );

  app.get<{ Querystring: ExportQuery }>(
    '/export/answers.xlsx',
    { onRequest: requireStaff(db, 'export.read'), schema: { tags: ['admin'], summary: 'One row per answer, as XLSX (honours the insight filters)', querystring: ExportQuery, response: file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'an XLSX workbook') } },
    async (req, reply) => {
      const scope = { ...toScope(req.staff!, req.query), productId: req.query.productId ?? null };
      await audit(db, req.staff!.email, 'export.xlsx', null, { ...req.query });
      const out = new PassThrough();
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="little-advisors-answers-${scope.from}-${scope.to}.xlsx"`);
      void (async () => {
        const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
        const sheet = book.addWorksheet('answers');
        sheet.columns = ANSWER_COLUMNS.map((c) => ({ header: c, key: c, width: c === 'visit_id' ? 38 : 16 }));
        try {
          for await (const page of answerRows(db, scope, reportTimeZone())) {
            for (const r of page) sheet.addRow(rowValues(r).map(xlsxCell)).commit();
          }
        } catch (err) {
          req.log.error({ err: String(err) }, 'xlsx export failed');
        }
        sheet.commit();
        await book.commit();
      })();
      return reply.send(out);
    },
  );
};
