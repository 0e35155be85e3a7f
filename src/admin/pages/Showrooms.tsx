import { useEffect, useState } from 'preact/hooks';
import { Qr } from '../components/Qr.tsx';
import { Badge, ConfirmDialog, Dialog, ErrorNote, Field, Loading, PageHeader, useAction, useFlash, TableWrap, FormActions } from '../components/ui.tsx';
import { api } from '../lib/api.ts';
import { useApp } from '../lib/app-context.ts';
import * as fmt from '../lib/format.ts';
import { useI18n } from '../lib/i18n.ts';
import type { Device, PairingCode, ShowroomInput, ShowroomView } from '../lib/types.ts';

export default function Showrooms() {
  const { t, pick } = useI18n();
  const { showrooms, reloadShowrooms, can, catalog } = useApp();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ShowroomView | null>(null);
  const [pairing, setPairing] = useState<{ showroom: ShowroomView; code: PairingCode } | null>(null);
  const [, flash, flashEl] = useFlash();
  const act = useAction();
  useEffect(() => reloadShowrooms(), []);
  // Kiosks report in the background: refresh last-seen and pending counts every half minute.
  useEffect(() => {
    const id = setInterval(reloadShowrooms, 30_000);
    return () => clearInterval(id);
  }, []);

  const products = catalog?.products ?? [];
  return (
    <>
      <PageHeader
        title={t.showroomsTitle}
        actions={
          can('showrooms.write') ? (
            <button type="button" class="btn btn-primary" onClick={() => setCreating(true)}>
              + {t.newShowroom}
            </button>
          ) : null
        }
      />
      {flashEl}
      {act.error ? <ErrorNote error={act.error} /> : null}
      {!showrooms ? <Loading /> : null}
      {showrooms && showrooms.length === 0 ? <p class="note empty">{t.noShowrooms}</p> : null}
      <div class="showroom-list">
        {showrooms?.map((s) => (
          <section key={s.id} class="panel showroom" aria-labelledby={`sr-${s.id}`} data-slug={s.slug}>
            <header class="panel-head">
              <div>
                <h2 id={`sr-${s.id}`}>{pick(s.nameZh, s.nameEn)}</h2>
                <p class="panel-sub">
                  <code>{s.slug}</code> · {pick(s.nameEn, s.nameZh)}
                </p>
              </div>
              <div class="panel-actions">
                {can('showrooms.write') ? (
                  <button type="button" class="btn btn-small" onClick={() => setEditing(s)} aria-label={`${t.edit}: ${pick(s.nameZh, s.nameEn)}`}>
                    {t.edit}
                  </button>
                ) : null}
                {can('devices.manage') ? (
                  <button
                    type="button"
                    class="btn btn-small btn-primary pair-button"
                    disabled={act.busy}
                    onClick={() =>
                      act.run(async () => {
                        const code = await api<PairingCode>('POST', `/showrooms/${s.id}/pairing-codes`);
                        setPairing({ showroom: s, code });
                      })
                    }
                  >
                    {t.issueCode}
                  </button>
                ) : null}
              </div>
            </header>
            <div class="floor">
              <span class="floor-label">{t.floor}</span>
              {s.productIds.length ? (
                <ul class="chips">
                  {s.productIds.map((id) => {
                    const p = products.find((x) => x.id === id);
                    return (
                      <li key={id} class="chip chip-static">
                        {p ? pick(p.nameZh, p.nameEn) : id.slice(0, 8)}
                      </li>
                    );
                  })}
                </ul>
              ) : (
                <span class="muted">{t.none}</span>
              )}
            </div>
            <DeviceTable devices={s.devices} onChanged={(msg) => { flash(msg); reloadShowrooms(); }} />
          </section>
        ))}
      </div>
      <Dialog open={creating} title={t.newShowroom} onClose={() => setCreating(false)}>
        <ShowroomForm
          onCancel={() => setCreating(false)}
          onSave={async (input) => {
            await api('POST', '/showrooms', input);
            setCreating(false);
            flash(t.showroomCreated);
            reloadShowrooms();
          }}
        />
      </Dialog>
      <Dialog open={editing !== null} title={t.editShowroom} onClose={() => setEditing(null)}>
        {editing ? (
          <ShowroomForm
            initial={editing}
            onCancel={() => setEditing(null)}
            onSave={async (input) => {
              await api('PATCH', `/showrooms/${editing.id}`, { nameZh: input.nameZh, nameEn: input.nameEn, productIds: input.productIds });
              setEditing(null);
              flash(t.saved);
              reloadShowrooms();
            }}
          />
        ) : null}
      </Dialog>
      <Dialog open={pairing !== null} title={`${t.pairingTitle} · ${pairing ? pick(pairing.showroom.nameZh, pairing.showroom.nameEn) : ''}`} onClose={() => { setPairing(null); reloadShowrooms(); }} wide class="pairing-dialog">
        {pairing ? <PairingView code={pairing.code} onClose={() => { setPairing(null); reloadShowrooms(); }} /> : null}
      </Dialog>
    </>
  );
}

function PairingView(props: { code: PairingCode; onClose: () => void }) {
  const { t, locale } = useI18n();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const expired = new Date(props.code.expiresAt).getTime() <= now;
  return (
    <div class="pairing">
      <div class="pairing-main">
        <p class="pairing-intro">{t.pairingIntro}</p>
        <p class={`pair-code${expired ? ' expired' : ''}`} data-code={props.code.code} aria-label={`${t.pairingTitle}: ${props.code.code.split('').join(' ')}`}>
          {props.code.code}
        </p>
        <p class={expired ? 'note note-error' : 'pairing-expiry'} role="status">
          {expired ? t.expiredCode : t.expiresIn(fmt.relative(props.code.expiresAt, locale, now))}
        </p>
        <p class="pairing-link">
          <span>{t.pairingLink}: </span>
          <code>{props.code.link}</code>
        </p>
      </div>
      <Qr text={props.code.link} label={`QR: ${props.code.link}`} class="pairing-qr" />
      <div class="dialog-actions">
        <button type="button" class="btn btn-primary" onClick={props.onClose}>
          {t.close}
        </button>
      </div>
    </div>
  );
}

function ShowroomForm(props: { initial?: ShowroomView; onSave: (input: ShowroomInput) => Promise<void>; onCancel: () => void }) {
  const { t, pick } = useI18n();
  const { catalog } = useApp();
  const [slug, setSlug] = useState(props.initial?.slug ?? '');
  const [nameZh, setNameZh] = useState(props.initial?.nameZh ?? '');
  const [nameEn, setNameEn] = useState(props.initial?.nameEn ?? '');
  const [floor, setFloor] = useState<string[]>(props.initial?.productIds ?? []);
  const act = useAction();
  const products = (catalog?.products ?? []).filter((p) => !p.retired || floor.includes(p.id));
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void act.run(() => props.onSave({ slug: slug.trim(), nameZh: nameZh.trim(), nameEn: nameEn.trim(), productIds: floor }));
      }}
    >
      {!props.initial ? (
        <Field label={t.slug} hint={t.slugHint}>
          {(id, hint) => <input id={id} required pattern="[a-z0-9][a-z0-9\-]{0,39}" aria-describedby={hint} value={slug} onInput={(e) => setSlug(e.currentTarget.value.toLowerCase())} />}
        </Field>
      ) : null}
      <div class="row-2">
        <Field label={t.nameZh}>{(id) => <input id={id} required maxLength={80} lang="zh-CN" value={nameZh} onInput={(e) => setNameZh(e.currentTarget.value)} />}</Field>
        <Field label={t.nameEn}>{(id) => <input id={id} required maxLength={80} lang="en" value={nameEn} onInput={(e) => setNameEn(e.currentTarget.value)} />}</Field>
      </div>
      <fieldset class="checks">
        <legend>{t.floor}</legend>
        {products.map((p) => (
          <label key={p.id} class="check">
            <input type="checkbox" checked={floor.includes(p.id)} onChange={(e) => setFloor(e.currentTarget.checked ? [...floor, p.id] : floor.filter((x) => x !== p.id))} />
            {pick(p.nameZh, p.nameEn)}
          </label>
        ))}
      </fieldset>
      {act.error ? <ErrorNote error={act.error} /> : null}
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={props.onCancel}>
          {t.cancel}
        </button>
        <button type="submit" class="btn btn-primary" disabled={act.busy}>
          {props.initial ? t.save : t.createShowroom}
        </button>
      </div>
    </form>
  );
}

function DeviceTable(props: { devices: Device[]; onChanged: (msg: string) => void }) {
  const { t, locale } = useI18n();
  const { can } = useApp();
  const [renaming, setRenaming] = useState<Device | null>(null);
  const [revoking, setRevoking] = useState<Device | null>(null);
  const [name, setName] = useState('');
  const act = useAction();
  const manage = can('devices.manage');
  if (!props.devices.length) return <p class="muted devices-empty">{t.noDevices}</p>;
  const sorted = [...props.devices].sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || a.name.localeCompare(b.name));
  return (
    <>
    <TableWrap label={t.devices}>
      <table class="table devices">
        <caption class="visually-hidden">{t.devices}</caption>
        <thead>
          <tr>
            <th scope="col">{t.deviceName}</th>
            <th scope="col">{t.lastSeen}</th>
            <th scope="col">{t.version}</th>
            <th scope="col" class="num">
              {t.pendingCount}
            </th>
            <th scope="col">{t.storage}</th>
            <th scope="col">{t.deviceStatus}</th>
            {manage ? <th scope="col">{t.actions}</th> : null}
          </tr>
        </thead>
        <tbody>
          {sorted.map((d) => (
            <tr key={d.id} class={d.revokedAt ? 'row-muted' : d.stale ? 'row-stale' : ''} data-device={d.id} data-stale={d.stale ? 'true' : undefined}>
              <th scope="row">{d.name}</th>
              <td title={fmt.dateTime(d.lastSeenAt, locale)}>
                {d.lastSeenAt ? fmt.relative(d.lastSeenAt, locale) : t.never}
                {d.stale ? (
                  <span class="fleet-note">
                    <Badge tone="red">{t.stale}</Badge>
                    <span class="fleet-hint">{t.staleHint(d.staleAfterMinutes)}</span>
                    {d.staleNotifiedAt ? <span class="visually-hidden">. {t.staleNotified}</span> : null}
                  </span>
                ) : null}
              </td>
              <td>
                <code class="fleet-version">{d.appVersion ?? '—'}</code>
                {d.behind && !d.revokedAt ? (
                  <span class="fleet-note" data-behind="true">
                    <Badge tone="sun">{t.behind}</Badge>
                    <span class="fleet-hint">{t.behindHint(d.currentVersion ?? '')}</span>
                  </span>
                ) : null}
              </td>
              <td class="num">{d.pendingCount === null ? '—' : d.pendingCount > 0 ? <Badge tone="sun">{d.pendingCount}</Badge> : 0}</td>
              <td class="fleet-storage">
                {d.storageUsedBytes !== null && d.storageQuotaBytes !== null ? (
                  <span>{t.storageOf(fmt.bytes(d.storageUsedBytes, locale), fmt.bytes(d.storageQuotaBytes, locale))}</span>
                ) : (
                  <span class="muted">{t.notReported}</span>
                )}
                {d.storagePersisted === null ? null : (
                  <span class="fleet-note" title={d.storagePersisted ? t.storagePersistedHint : t.storageNotPersistedHint}>
                    <Badge tone={d.storagePersisted ? 'green' : 'sun'}>{d.storagePersisted ? t.storagePersisted : t.storageNotPersisted}</Badge>
                    {d.storagePersisted ? null : <span class="fleet-hint">{t.storageNotPersistedHint}</span>}
                  </span>
                )}
              </td>
              <td>
                {d.revokedAt ? <Badge tone="red">{t.revoked}</Badge> : <Badge tone="green">{t.active}</Badge>}
                {d.suspicious ? <SuspiciousBadge count={d.nearDuplicateIdeas24h} /> : null}
              </td>
              {manage ? (
                <td class="row-actions">
                  {!d.revokedAt ? (
                    <>
                      <button
                        type="button"
                        class="btn btn-small"
                        aria-label={t.renameDevice(d.name)}
                        onClick={() => {
                          setName(d.name);
                          setRenaming(d);
                        }}
                      >
                        {t.rename}
                      </button>
                      <button type="button" class="btn btn-small btn-danger-outline" aria-label={`${t.revoke}: ${d.name}`} onClick={() => setRevoking(d)}>
                        {t.revoke}
                      </button>
                    </>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      </TableWrap>
      <Dialog open={renaming !== null} title={renaming ? t.renameDevice(renaming.name) : ''} onClose={() => setRenaming(null)}>
        <form
          class="stack"
          onSubmit={async (e) => {
            e.preventDefault();
            const d = renaming!;
            const ok = await act.run(async () => {
              await api('PATCH', `/devices/${d.id}`, { name: name.trim() });
              return true;
            });
            if (ok) {
              setRenaming(null);
              props.onChanged(t.saved);
            }
          }}
        >
          <Field label={t.deviceName}>{(id) => <input id={id} required maxLength={60} value={name} onInput={(e) => setName(e.currentTarget.value)} />}</Field>
          {act.error ? <ErrorNote error={act.error} /> : null}
          <FormActions cancel={t.cancel} submit={t.save} busy={act.busy} onCancel={() => setRenaming(null)} />
        </form>
      </Dialog>
      <ConfirmDialog
        open={revoking !== null}
        title={revoking ? t.revokeTitle(revoking.name) : ''}
        body={t.revokeBody}
        confirm={t.revoke}
        danger
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          await api('POST', `/devices/${revoking!.id}/revoke`);
          props.onChanged(t.revoked);
        }}
      />
    </>
  );
}

/** A kiosk that flooded near-identical ideas: the reason in words, and what to do about it. */
function SuspiciousBadge(props: { count: number }) {
  const { t } = useI18n();
  return (
    <span class="suspicious" data-suspicious="true">
      <Badge tone="red">{t.suspicious}</Badge>
      <span class="suspicious-reason">{t.suspiciousReason(props.count)}</span>
      <span class="visually-hidden">. {t.suspiciousHint}</span>
    </span>
  );
}
