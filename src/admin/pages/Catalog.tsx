import { useEffect, useRef, useState } from 'preact/hooks';
import { Badge, ConfirmDialog, Dialog, ErrorNote, Field, Loading, PageHeader, useAction, useFlash, TableWrap, FormActions } from '../components/ui.tsx';
import { PartSynonymsEditor } from '../components/PartSynonyms.tsx';
import { api } from '../lib/api.ts';
import { useApp } from '../lib/app-context.ts';
import { PICTURE_ACCEPT, readPicture } from '../lib/files.ts';
import * as fmt from '../lib/format.ts';
import { useI18n } from '../lib/i18n.ts';
import { navigate } from '../lib/router.ts';
import type { CatalogPair, CatalogPart, CatalogProduct, PictureUpload } from '../lib/types.ts';
import { pictureError, PairForm, PartForm } from '../components/CatalogForms.tsx';
import { HotspotEditor } from '../components/HotspotEditor.tsx';
import { PromptClips } from '../components/PromptClips.tsx';

export default function Catalog() {
  const { t, locale, pick } = useI18n();
  const { catalog, reloadCatalog, can, route } = useApp();
  const write = can('catalog.write');
  const [adding, setAdding] = useState(false);
  const [, flash, flashEl] = useFlash();
  const publish = useAction();
  useEffect(() => reloadCatalog(), []);
  if (!catalog) return <Loading />;
  const products = catalog.products;
  const selected = products.find((p) => p.id === route.params.get('model')) ?? products.find((p) => !p.retired) ?? products[0] ?? null;
  const latest = catalog.activities[0];

  return (
    <>
      <PageHeader title={t.catalogTitle} sub={write ? t.unpublishedChanges : t.readOnly} />
      {flashEl}
      <div class="catalog-layout">
        <nav class="model-list" aria-label={t.models}>
          <h2 class="section-title">{t.models}</h2>
          <ul>
            {products.map((p) => (
              <li key={p.id}>
                <a href={`#/catalog?model=${p.id}`} class={`model-link${p.id === selected?.id ? ' active' : ''}`} aria-current={p.id === selected?.id ? 'true' : undefined}>
                  <img src={p.picture} alt="" loading="lazy" />
                  <span>
                    {pick(p.nameZh, p.nameEn)}
                    {p.retired ? <Badge tone="grey">{t.retiredBadge}</Badge> : null}
                  </span>
                </a>
              </li>
            ))}
          </ul>
          {write ? (
            <button type="button" class="btn btn-small btn-wide" onClick={() => setAdding(true)}>
              + {t.addModel}
            </button>
          ) : null}
          <section class="publish-box" aria-labelledby="versions-title">
            <h2 id="versions-title" class="section-title">
              {t.activityVersions}
            </h2>
            {write ? (
              <>
                <p class="hint">{t.publishHint}</p>
                <button
                  type="button"
                  class="btn btn-primary btn-wide publish-button"
                  disabled={publish.busy}
                  onClick={() =>
                    publish.run(async () => {
                      const r = await api<{ version: number }>('POST', '/activities');
                      flash(t.publishedV(r.version));
                      reloadCatalog();
                    })
                  }
                >
                  {t.publish}
                </button>
                {publish.error ? <ErrorNote error={publish.error} /> : null}
              </>
            ) : null}
            <ol class="versions">
              {catalog.activities.slice(0, 8).map((a) => (
                <li key={a.version} class={a === latest ? 'current' : ''}>
                  <strong>{t.versionN(a.version)}</strong>
                  <span>{fmt.dateTime(a.publishedAt, locale)}</span>
                  <span class="muted">{t.counts(a.products, a.parts, a.pairs)}</span>
                </li>
              ))}
            </ol>
          </section>
        </nav>
        <div class="model-editor">{selected ? <ModelEditor key={selected.id} product={selected} write={write} onChanged={(m) => { if (m) flash(m); reloadCatalog(); }} /> : null}</div>
      </div>
      <Dialog open={adding} title={t.addModel} onClose={() => setAdding(false)}>
        <AddModelForm
          onCancel={() => setAdding(false)}
          onDone={(id) => {
            setAdding(false);
            reloadCatalog();
            navigate('catalog', { model: id });
          }}
        />
      </Dialog>
    </>
  );
}

function AddModelForm(props: { onCancel: () => void; onDone: (id: string) => void }) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [nameZh, setNameZh] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const act = useAction();
  return (
    <form
      class="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!file) return;
        await act.run(async () => {
          let picture: PictureUpload;
          try {
            picture = await readPicture(file);
          } catch (err) {
            throw pictureError(err, t);
          }
          const r = await api<{ id: string }>('POST', '/products', { key, nameZh: nameZh.trim(), nameEn: nameEn.trim(), picture });
          props.onDone(r.id);
        });
      }}
    >
      <Field label={t.key} hint={t.keyHint}>
        {(id, hint) => <input id={id} required pattern="[a-z0-9][a-z0-9\-]{0,39}" aria-describedby={hint} value={key} onInput={(e) => setKey(e.currentTarget.value.toLowerCase())} />}
      </Field>
      <div class="row-2">
        <Field label={t.nameZh}>{(id) => <input id={id} required maxLength={80} value={nameZh} onInput={(e) => setNameZh(e.currentTarget.value)} />}</Field>
        <Field label={t.nameEn}>{(id) => <input id={id} required maxLength={80} value={nameEn} onInput={(e) => setNameEn(e.currentTarget.value)} />}</Field>
      </div>
      <Field label={t.picture} hint={t.pictureHint}>
        {(id, hint) => <input id={id} type="file" required accept={PICTURE_ACCEPT} aria-describedby={hint} onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />}
      </Field>
      {act.error ? <ErrorNote error={act.error} /> : null}
      <FormActions cancel={t.cancel} submit={t.create} busy={act.busy} onCancel={props.onCancel} />
    </form>
  );
}

function ModelEditor(props: { product: CatalogProduct; write: boolean; onChanged: (msg?: string) => void }) {
  const { t, pick } = useI18n();
  const p = props.product;
  const [editing, setEditing] = useState(false);
  const [nameZh, setNameZh] = useState(p.nameZh);
  const [nameEn, setNameEn] = useState(p.nameEn);
  const [partForm, setPartForm] = useState<CatalogPart | 'new' | null>(null);
  const [pairForm, setPairForm] = useState<CatalogPair | 'new' | null>(null);
  const [retiringPart, setRetiringPart] = useState<CatalogPart | null>(null);
  const [retiringPair, setRetiringPair] = useState<CatalogPair | null>(null);
  const act = useAction();
  const fileRef = useRef<HTMLInputElement>(null);

  return (
    <section class="panel" aria-labelledby="model-title">
      <header class="panel-head">
        <div>
          <h2 id="model-title">
            {pick(p.nameZh, p.nameEn)} {p.retired ? <Badge tone="grey">{t.retiredBadge}</Badge> : null}
          </h2>
          <p class="panel-sub">
            <code>{p.key}</code> · {pick(p.nameEn, p.nameZh)}
          </p>
        </div>
        {props.write ? (
          <div class="panel-actions">
            <button type="button" class="btn btn-small" onClick={() => setEditing(true)}>
              {t.edit}
            </button>
            <label class="btn btn-small file-button">
              {t.replacePicture}
              <input
                ref={fileRef}
                type="file"
                accept={PICTURE_ACCEPT}
                class="visually-hidden"
                onChange={(e) => {
                  const f = e.currentTarget.files?.[0];
                  if (!f) return;
                  void act.run(async () => {
                    let picture: PictureUpload;
                    try {
                      picture = await readPicture(f);
                    } catch (err) {
                      throw pictureError(err, t);
                    }
                    await api('PATCH', `/products/${p.id}`, { picture });
                    props.onChanged(t.saved);
                  });
                  e.currentTarget.value = '';
                }}
              />
            </label>
            <button type="button" class="btn btn-small" disabled={act.busy} onClick={() => act.run(async () => { await api('PATCH', `/products/${p.id}`, { retired: !p.retired }); props.onChanged(t.saved); })}>
              {p.retired ? t.restore : t.retire}
            </button>
          </div>
        ) : null}
      </header>
      {act.error ? <ErrorNote error={act.error} /> : null}
      <HotspotEditor product={p} write={props.write} onSaved={() => props.onChanged()} />

      <div class="section-head">
        <h3>{t.parts}</h3>
        {props.write ? (
          <button type="button" class="btn btn-small" onClick={() => setPartForm('new')}>
            + {t.addPart}
          </button>
        ) : null}
      </div>
      <TableWrap label={t.parts}>
        <table class="table parts-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t.part}</th>
              <th scope="col">{t.prompt}</th>
              <th scope="col">{t.position}</th>
              <th scope="col">{t.deviceStatus}</th>
              {props.write ? <th scope="col">{t.actions}</th> : null}
            </tr>
          </thead>
          <tbody>
            {p.parts.map((part, i) => (
              <tr key={part.id} data-part={part.key}>
                <td>
                  <span class="marker-num">{i + 1}</span>
                </td>
                <th scope="row">
                  <span lang="zh-CN">{part.nameZh}</span>
                  <span class="muted block" lang="en">
                    {part.nameEn} · <code>{part.key}</code>
                  </span>
                </th>
                <td>
                  <span lang="zh-CN">{part.promptZh}</span>
                  <span class="muted block" lang="en">
                    {part.promptEn}
                  </span>
                </td>
                <td class="num">{`${Math.round(part.x)}%, ${Math.round(part.y)}%`}</td>
                <td>{part.published ? <Badge tone="green">{t.publishedBadge}</Badge> : <Badge tone="sun">{t.draftBadge}</Badge>}</td>
                {props.write ? (
                  <td class="row-actions">
                    <button type="button" class="btn btn-small" aria-label={`${t.edit}: ${pick(part.nameZh, part.nameEn)}`} onClick={() => setPartForm(part)}>
                      {t.edit}
                    </button>
                    <button type="button" class="btn btn-small btn-danger-outline" aria-label={`${t.retire}: ${pick(part.nameZh, part.nameEn)}`} onClick={() => setRetiringPart(part)}>
                      {t.retire}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <PartSynonymsEditor product={p} write={props.write} />

      <div class="section-head">
        <h3>{t.pairs}</h3>
        {props.write ? (
          <button type="button" class="btn btn-small" onClick={() => setPairForm('new')}>
            + {t.addPair}
          </button>
        ) : null}
      </div>
      <ul class="pair-list">
        {p.pairs.map((q) => (
          <li key={q.id} class="pair-item">
            <div class="pair-prompt">
              <strong>{pick(q.promptZh, q.promptEn)}</strong>
              <span class="muted">{pick(q.promptEn, q.promptZh)}</span>
              {q.published ? <Badge tone="green">{t.publishedBadge}</Badge> : <Badge tone="sun">{t.draftBadge}</Badge>}
            </div>
            <div class="pair-sides">
              {[q.a, q.b].map((s, i) => (
                <figure key={i} class="pair-side-view">
                  <img src={s.picture} alt={pick(s.labelZh, s.labelEn)} loading="lazy" />
                  <figcaption>
                    <span class="side-letter">{i ? 'B' : 'A'}</span> {pick(s.labelZh, s.labelEn)}
                  </figcaption>
                </figure>
              ))}
            </div>
            {props.write ? (
              <div class="row-actions">
                <button type="button" class="btn btn-small" aria-label={`${t.edit}: ${pick(q.promptZh, q.promptEn)}`} onClick={() => setPairForm(q)}>
                  {t.edit}
                </button>
                <button type="button" class="btn btn-small btn-danger-outline" aria-label={`${t.retire}: ${pick(q.promptZh, q.promptEn)}`} onClick={() => setRetiringPair(q)}>
                  {t.retire}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <PromptClips product={p} write={props.write} onChanged={(m) => props.onChanged(m)} />

      <Dialog open={editing} title={t.edit} onClose={() => setEditing(false)}>
        <form
          class="stack"
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await act.run(async () => {
              await api('PATCH', `/products/${p.id}`, { nameZh: nameZh.trim(), nameEn: nameEn.trim() });
              return true;
            });
            if (ok) {
              setEditing(false);
              props.onChanged(t.saved);
            }
          }}
        >
          <Field label={t.nameZh}>{(id) => <input id={id} required maxLength={80} value={nameZh} onInput={(e) => setNameZh(e.currentTarget.value)} />}</Field>
          <Field label={t.nameEn}>{(id) => <input id={id} required maxLength={80} value={nameEn} onInput={(e) => setNameEn(e.currentTarget.value)} />}</Field>
          {act.error ? <ErrorNote error={act.error} /> : null}
          <FormActions cancel={t.cancel} submit={t.save} busy={act.busy} onCancel={() => setEditing(false)} />
        </form>
      </Dialog>
      <Dialog open={partForm !== null} title={partForm === 'new' ? t.addPart : t.edit} onClose={() => setPartForm(null)}>
        {partForm ? (
          <PartForm
            productId={p.id}
            part={partForm === 'new' ? null : partForm}
            onCancel={() => setPartForm(null)}
            onDone={() => {
              setPartForm(null);
              props.onChanged(t.saved);
            }}
          />
        ) : null}
      </Dialog>
      <Dialog open={pairForm !== null} title={pairForm === 'new' ? t.addPair : t.edit} onClose={() => setPairForm(null)} wide>
        {pairForm ? (
          <PairForm
            productId={p.id}
            pair={pairForm === 'new' ? null : pairForm}
            onCancel={() => setPairForm(null)}
            onDone={() => {
              setPairForm(null);
              props.onChanged(t.saved);
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={retiringPart !== null}
        title={retiringPart ? t.retirePartTitle(pick(retiringPart.nameZh, retiringPart.nameEn)) : ''}
        body={t.retirePartBody}
        confirm={t.retire}
        danger
        onClose={() => setRetiringPart(null)}
        onConfirm={async () => {
          await api('DELETE', `/parts/${retiringPart!.id}`);
          props.onChanged(t.saved);
        }}
      />
      <ConfirmDialog
        open={retiringPair !== null}
        title={retiringPair ? t.retirePairTitle(pick(retiringPair.promptZh, retiringPair.promptEn)) : ''}
        body={t.retirePartBody}
        confirm={t.retire}
        danger
        onClose={() => setRetiringPair(null)}
        onConfirm={async () => {
          await api('DELETE', `/pairs/${retiringPair!.id}`);
          props.onChanged(t.saved);
        }}
      />
    </section>
  );
}

