import { useState } from 'preact/hooks';
import { Badge, ConfirmDialog, ErrorNote, Field, Loading, TableWrap, useAction, useFlash } from '../components/ui.tsx';
import { api } from '../lib/api.ts';
import * as fmt from '../lib/format.ts';
import { useLoad } from '../lib/hooks.ts';
import { useI18n } from '../lib/i18n.ts';
import { WEBHOOK_EVENTS, WEBHOOK_PRESETS, type WebhookCreated, type WebhookDeliveries, type WebhookDelivery, type WebhookEndpoint, type WebhookInput, type WebhookList, type WebhookSecret } from '../../shared/admin/webhooks.ts';

/** Data → Webhooks (admins: settings.manage): endpoints, their secret, a test, the delivery log, resume. */
export function WebhooksSection() {
  const { t } = useI18n();
  const list = useLoad<WebhookList>('/webhooks');
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  return (
    <section class="panel" aria-labelledby="webhooks-title" data-section="webhooks">
      <header class="panel-head">
        <div>
          <h2 id="webhooks-title">{t.webhooksTitle}</h2>
          <p class="panel-sub">{t.webhooksIntro}</p>
        </div>
      </header>
      <AddEndpoint
        onAdded={(c) => {
          setCreated(c);
          list.reload();
        }}
      />
      {created ? (
        <p class="notice" role="status" data-webhook-secret>
          {t.webhookSecretOnce} <code>{created.secret}</code>
        </p>
      ) : null}
      {list.error ? <ErrorNote error={list.error} onRetry={list.reload} /> : null}
      {!list.data ? <Loading /> : list.data.length === 0 ? <p class="muted">{t.webhookNone}</p> : list.data.map((e) => <Endpoint key={e.id} endpoint={e} onChange={list.reload} />)}
    </section>
  );
}

function AddEndpoint(props: { onAdded: (c: WebhookCreated) => void }) {
  const { t } = useI18n();
  const empty: WebhookInput = { url: '', events: ['idea.created', 'idea.approved'], preset: 'generic', description: '' };
  const [v, setV] = useState<WebhookInput>(empty);
  const add = useAction();
  return (
    <form
      class="stack"
      aria-label={t.webhookAdd}
      onSubmit={async (e) => {
        e.preventDefault();
        const c = await add.run(() => api<WebhookCreated>('POST', '/webhooks', v));
        if (c) {
          setV(empty);
          props.onAdded(c);
        }
      }}
    >
      <div class="row-2">
        <Field label={t.webhookUrl} hint={t.webhookUrlHint}>
          {(id, hint) => <input id={id} aria-describedby={hint} type="url" required maxLength={2000} value={v.url} placeholder="https://" onInput={(e) => setV({ ...v, url: e.currentTarget.value })} />}
        </Field>
        <Field label={t.webhookPreset}>
          {(id) => (
            <select id={id} value={v.preset} onChange={(e) => setV({ ...v, preset: e.currentTarget.value as WebhookInput['preset'] })}>
              {WEBHOOK_PRESETS.map((p) => (
                <option key={p} value={p}>
                  {t.webhookPresets[p]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t.webhookDescription}>{(id) => <input id={id} maxLength={200} value={v.description} onInput={(e) => setV({ ...v, description: e.currentTarget.value })} />}</Field>
      <fieldset class="checks">
        <legend>{t.webhookEvents}</legend>
        {WEBHOOK_EVENTS.map((ev) => (
          <label key={ev} class="check">
            <input
              type="checkbox"
              value={ev}
              checked={v.events.includes(ev)}
              onChange={(e) => setV({ ...v, events: e.currentTarget.checked ? [...v.events, ev] : v.events.filter((x) => x !== ev) })}
            />
            {t.webhookEventNames[ev]} <code>{ev}</code>
          </label>
        ))}
      </fieldset>
      {add.error ? <ErrorNote error={add.error} /> : null}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={add.busy || v.events.length === 0}>
          {t.webhookAdd}
        </button>
      </div>
    </form>
  );
}

function Endpoint(props: { endpoint: WebhookEndpoint; onChange: () => void }) {
  const { t, locale } = useI18n();
  const e = props.endpoint;
  const log = useLoad<WebhookDeliveries>(`/webhooks/${e.id}/deliveries?limit=20`);
  const [secret, setSecret] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const act = useAction();
  const [, flash, flashEl] = useFlash();
  const state = e.pausedAt ? <Badge tone="red">{t.webhookPaused}</Badge> : e.failingSince ? <Badge tone="sun">{t.webhookFailing}</Badge> : <Badge tone="green">{t.webhookActive}</Badge>;
  return (
    <article class="panel webhook" aria-label={e.url} data-endpoint={e.id}>
      <header class="panel-head">
        <div>
          <h3 class="table-title">
            <code>{e.url}</code>
          </h3>
          <p class="panel-sub">
            {state} {t.webhookPresets[e.preset]} · {e.events.map((ev) => t.webhookEventNames[ev]).join(', ')}
            {e.pending ? ` · ${t.webhookPending(e.pending)}` : ''}
            {e.description ? ` · ${e.description}` : ''}
          </p>
        </div>
        <div class="form-actions">
          <button
            type="button"
            class="btn"
            aria-label={t.webhookTestFor(e.url)}
            disabled={act.busy}
            onClick={async () => {
              const d = await act.run(() => api<WebhookDelivery>('POST', `/webhooks/${e.id}/test`));
              if (d) flash(t.webhookTested(d.status === 'delivered'));
              log.reload();
            }}
          >
            {t.webhookTest}
          </button>
          {e.pausedAt ? (
            <button
              type="button"
              class="btn btn-primary"
              aria-label={t.webhookResumeFor(e.url)}
              disabled={act.busy}
              onClick={async () => {
                if (await act.run(() => api('POST', `/webhooks/${e.id}/resume`))) props.onChange();
              }}
            >
              {t.webhookResume}
            </button>
          ) : null}
          <button
            type="button"
            class="btn"
            aria-label={t.webhookShowSecretFor(e.url)}
            onClick={async () => {
              const s = await act.run(() => api<WebhookSecret>('GET', `/webhooks/${e.id}/secret`));
              if (s) setSecret(s.secret);
            }}
          >
            {t.webhookShowSecret}
          </button>
          <button type="button" class="btn btn-danger" aria-label={t.webhookDeleteFor(e.url)} onClick={() => setConfirm(true)}>
            {t.webhookDelete}
          </button>
        </div>
      </header>
      {secret ? (
        <p class="notice">
          {t.webhookSecretOf(e.url)}: <code>{secret}</code>
        </p>
      ) : null}
      {act.error ? <ErrorNote error={act.error} /> : null}
      {flashEl}
      <h4 class="table-title">{t.webhookLog}</h4>
      {log.error ? <ErrorNote error={log.error} onRetry={log.reload} /> : null}
      {!log.data ? (
        <Loading />
      ) : log.data.items.length === 0 ? (
        <p class="muted">{t.webhookLogEmpty}</p>
      ) : (
        <TableWrap label={t.webhookLogOf(e.url)}>
          <table class="table table-compact" data-delivery-log>
            <thead>
              <tr>
                <th scope="col">{t.webhookColTime}</th>
                <th scope="col">{t.webhookColEvent}</th>
                <th scope="col">{t.webhookColStatus}</th>
                <th scope="col" class="num">
                  {t.webhookColAttempts}
                </th>
                <th scope="col">{t.webhookColAnswer}</th>
              </tr>
            </thead>
            <tbody>
              {log.data.items.map((d) => (
                <tr key={d.id} data-status={d.status}>
                  <td>{fmt.dateTime(d.lastAttemptAt ?? d.createdAt, locale)}</td>
                  <td>{t.webhookEventNames[d.event] ?? d.event}</td>
                  <td>
                    <Badge tone={d.status === 'delivered' ? 'green' : d.status === 'failed' ? 'red' : 'sun'}>{t.webhookStatus[d.status]}</Badge>
                  </td>
                  <td class="num">{d.attempts}</td>
                  <td>{d.responseStatus ?? d.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <ConfirmDialog
        open={confirm}
        title={t.webhookDeleteTitle}
        body={t.webhookDeleteBody}
        confirm={t.webhookDelete}
        danger
        onClose={() => setConfirm(false)}
        onConfirm={async () => {
          await api('DELETE', `/webhooks/${e.id}`);
          props.onChange();
        }}
      />
    </article>
  );
}
