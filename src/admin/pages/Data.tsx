import { useEffect, useState } from 'preact/hooks';
import { FilterBar } from '../components/FilterBar.tsx';
import { DownloadIcon, exportHref, useFilters } from '../components/insight.tsx';
import { ErrorNote, Field, Loading, PageHeader, useAction, useFlash, TableWrap } from '../components/ui.tsx';
import { api, query } from '../lib/api.ts';
import { useApp } from '../lib/app-context.ts';
import * as fmt from '../lib/format.ts';
import { useLoad } from '../lib/hooks.ts';
import { useI18n } from '../lib/i18n.ts';
import { navigate } from '../lib/router.ts';
import type { AuditRow, Deletions, RetentionInput } from '../lib/types.ts';
import { WebhooksSection } from './Webhooks.tsx';

const AUDIT_PAGE = 25;

export default function Data() {
  const { t } = useI18n();
  const { can } = useApp();
  return (
    <>
      <PageHeader title={t.dataTitle} />
      {can('export.read') ? <ExportSection /> : null}
      <div class="data-grid">
        {can('settings.manage') ? <RetentionSection /> : null}
        {can('audit.read') ? <DeletionSection /> : null}
      </div>
      {can('settings.manage') ? <WebhooksSection /> : null}
      {can('audit.read') ? <AuditSection /> : null}
    </>
  );
}

function ExportSection() {
  const { t, pick } = useI18n();
  const { showroomOptions, catalog, route } = useApp();
  const [filters, setFilters] = useFilters('data');
  const model = route.params.get('model') ?? '';
  return (
    <section class="panel" aria-labelledby="export-title">
      <header class="panel-head">
        <div>
          <h2 id="export-title">{t.exportTitle}</h2>
          <p class="panel-sub">{t.exportIntro}</p>
        </div>
      </header>
      <FilterBar filters={filters} onChange={setFilters} showrooms={showroomOptions}>
        <div class="filter-group">
          <label class="filter-label" for="export-model">
            {t.model}
          </label>
          <select
            id="export-model"
            value={model}
            onChange={(e) => {
              const p = new URLSearchParams(route.params);
              if (e.currentTarget.value) p.set('model', e.currentTarget.value);
              else p.delete('model');
              navigate('data', p, true);
            }}
          >
            <option value="">{t.allModels}</option>
            {catalog?.products.map((p) => (
              <option key={p.id} value={p.id}>
                {pick(p.nameZh, p.nameEn)}
              </option>
            ))}
          </select>
        </div>
      </FilterBar>
      <div class="export-buttons">
        <a class="btn btn-primary" href={exportHref('xlsx', filters, model || undefined)} download data-export="xlsx">
          <DownloadIcon /> {t.exportXlsx}
        </a>
        <a class="btn" href={exportHref('csv', filters, model || undefined)} download data-export="csv">
          <DownloadIcon /> {t.exportCsv}
        </a>
      </div>
    </section>
  );
}

function RetentionSection() {
  const { t } = useI18n();
  const r = useLoad<RetentionInput>('/settings/retention');
  const [v, setV] = useState<RetentionInput | null>(null);
  useEffect(() => {
    if (r.data) setV(r.data);
  }, [r.data]);
  const save = useAction();
  const run = useAction();
  const [, flash, flashEl] = useFlash();
  return (
    <section class="panel" aria-labelledby="retention-title">
      <header class="panel-head">
        <div>
          <h2 id="retention-title">{t.retentionTitle}</h2>
          <p class="panel-sub">{t.retentionIntro}</p>
        </div>
      </header>
      {r.error ? <ErrorNote error={r.error} onRetry={r.reload} /> : null}
      {!v ? (
        <Loading />
      ) : (
        <form
          class="stack"
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await save.run(() => api('PUT', '/settings/retention', v));
            if (ok) flash(t.saved);
          }}
        >
          <div class="row-2">
            <Field label={t.voiceDays}>
              {(id) => <input id={id} type="number" min={1} max={3650} required value={v.voiceDays} onInput={(e) => setV({ ...v, voiceDays: Number(e.currentTarget.value) })} />}
            </Field>
            <Field label={t.drawingDays}>
              {(id) => <input id={id} type="number" min={1} max={3650} required value={v.drawingDays} onInput={(e) => setV({ ...v, drawingDays: Number(e.currentTarget.value) })} />}
            </Field>
          </div>
          {save.error ? <ErrorNote error={save.error} /> : null}
          {run.error ? <ErrorNote error={run.error} /> : null}
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={save.busy}>
              {t.save}
            </button>
            <button
              type="button"
              class="btn"
              disabled={run.busy}
              onClick={async () => {
                const res = await run.run(() => api<{ voice: number; drawings: number } | { busy: true }>('POST', '/retention/run'));
                if (res) flash('busy' in res ? t.busy : t.ranRetention(res.voice, res.drawings));
              }}
            >
              {t.runNow}
            </button>
          </div>
          {flashEl}
        </form>
      )}
    </section>
  );
}

function DeletionSection() {
  const { t, locale } = useI18n();
  const d = useLoad<Deletions>('/deletions?pageSize=20');
  return (
    <section class="panel" aria-labelledby="deletions-title">
      <header class="panel-head">
        <h2 id="deletions-title">{t.deletionsTitle}</h2>
      </header>
      {d.error ? <ErrorNote error={d.error} onRetry={d.reload} /> : null}
      {!d.data ? (
        <Loading />
      ) : (
        <div class="row-2 align-start">
          <div>
            <h3 class="table-title">{t.familyDeletions}</h3>
            <p class="hint">{t.familyDeletionsHint}</p>
            {d.data.families.length ? (
              <table class="table table-compact">
                <thead>
                  <tr>
                    <th scope="col">{t.deletedAt}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.data.families.map((f, i) => (
                    <tr key={i}>
                      <td>{fmt.date(f.deletedAt, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="muted">{t.nothingYet}</p>
            )}
          </div>
          <div>
            <h3 class="table-title">{t.retentionRuns}</h3>
            {d.data.retention.length ? (
              <table class="table table-compact">
                <thead>
                  <tr>
                    <th scope="col">{t.when}</th>
                    <th scope="col">{t.kindCol}</th>
                    <th scope="col" class="num">
                      {t.items}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.data.retention.map((r, i) => (
                    <tr key={i}>
                      <td>{fmt.dateTime(r.at, locale)}</td>
                      <td>{r.kind === 'voice' ? t.kinds.voice : r.kind === 'drawing' ? t.kinds.drawing : r.kind}</td>
                      <td class="num">{r.items}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="muted">{t.nothingYet}</p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

function details(d: unknown): string {
  if (!d || typeof d !== 'object' || Object.keys(d).length === 0) return '';
  return Object.entries(d as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}

function AuditSection() {
  const { t, locale } = useI18n();
  const { route } = useApp();
  const page = Math.max(1, Number(route.params.get('ap')) || 1);
  const a = useLoad<AuditRow[]>(`/audit${query({ page, pageSize: AUDIT_PAGE })}`);
  const go = (n: number) => {
    const p = new URLSearchParams(route.params);
    p.set('ap', String(n));
    navigate('data', p, true);
  };
  return (
    <section class="panel" aria-labelledby="audit-title">
      <header class="panel-head">
        <h2 id="audit-title">{t.auditTitle}</h2>
        <div class="panel-actions">
          <button type="button" class="btn btn-small" disabled={page <= 1} onClick={() => go(page - 1)}>
            ← {t.newer}
          </button>
          <button type="button" class="btn btn-small" disabled={!a.data || a.data.length < AUDIT_PAGE} onClick={() => go(page + 1)}>
            {t.older} →
          </button>
        </div>
      </header>
      {a.error ? <ErrorNote error={a.error} onRetry={a.reload} /> : null}
      {!a.data ? (
        <Loading />
      ) : a.data.length === 0 ? (
        <p class="muted">{t.nothingYet}</p>
      ) : (
        <TableWrap label={t.auditTitle}>
          <table class="table audit">
            <thead>
              <tr>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.who}</th>
                <th scope="col">{t.action}</th>
                <th scope="col">{t.target}</th>
                <th scope="col">{t.details}</th>
              </tr>
            </thead>
            <tbody>
              {a.data.map((r) => (
                <tr key={r.id}>
                  <td class="nowrap">{fmt.dateTime(r.at, locale)}</td>
                  <td>{r.actor}</td>
                  <td>
                    <code>{r.action}</code>
                  </td>
                  <td class="mono-cut">{r.target ?? ''}</td>
                  <td class="details-cell">{details(r.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
