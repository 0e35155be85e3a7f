import { useEffect, useRef, useState } from 'preact/hooks';
import { Badge, ConfirmDialog, Dialog, ErrorNote, Field, Loading, PageHeader, useAction, useFlash, TableWrap, FormActions } from '../components/ui.tsx';
import { PartSynonymsEditor } from '../components/PartSynonyms.tsx';
import { api, ApiError } from '../lib/api.ts';
import { useApp } from '../lib/app-context.ts';
import { PICTURE_ACCEPT, PictureError, readPicture } from '../lib/files.ts';
import * as fmt from '../lib/format.ts';
import { useI18n, type Messages } from '../lib/i18n.ts';
import { navigate } from '../lib/router.ts';
import type { CatalogPair, CatalogPart, CatalogProduct, PairInput, PartInput, PictureUpload } from '../lib/types.ts';

function pictureError(e: unknown, t: Messages): unknown {
  return e instanceof PictureError ? new ApiError(400, 'picture', e.message === 'size' ? t.pictureTooBig : t.pictureHint) : e;
}

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

const clamp = (v: number) => Math.min(100, Math.max(0, Math.round(v * 10) / 10));

/**
 * The car picture with one marker per part. Drag a marker (pointer events, captured so a
 * fast drag does not lose it) or move it with the arrow keys; the new position is saved
 * when the marker is dropped.
 */
function HotspotEditor(props: { product: CatalogProduct; write: boolean; onSaved: () => void }) {
  const { t, pick } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [moved, setMoved] = useState<Record<string, { x: number; y: number }>>({});
  const [dragging, setDragging] = useState<string | null>(null);
  const act = useAction();
  const keyTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => setMoved({}), [props.product]);

  const at = (e: PointerEvent) => {
    const r = box.current!.getBoundingClientRect();
    return { x: clamp(((e.clientX - r.left) / r.width) * 100), y: clamp(((e.clientY - r.top) / r.height) * 100) };
  };
  const save = (part: CatalogPart, pos: { x: number; y: number }) =>
    act.run(async () => {
      await api('PATCH', `/parts/${part.id}`, pos);
      props.onSaved();
    });

  return (
    <div class="hotspot-editor">
      {props.write ? <p class="hint">{t.dragHint}</p> : null}
      {act.error ? <ErrorNote error={act.error} /> : null}
      <div class="hotspot-stage" ref={box} data-dragging={dragging ? 'true' : 'false'}>
        <img src={props.product.picture} alt={pick(props.product.nameZh, props.product.nameEn)} draggable={false} />
        {props.product.parts.map((part, i) => {
          const pos = moved[part.id] ?? { x: part.x, y: part.y };
          const name = pick(part.nameZh, part.nameEn);
          return (
            <button
              key={part.id}
              type="button"
              class={`marker${dragging === part.id ? ' dragging' : ''}`}
              style={{ left: `${pos.x}%`, top: `${pos.y}%` }}
              aria-label={t.hotspotLabel(i + 1, name, pos.x, pos.y)}
              data-part={part.key}
              disabled={!props.write}
              onPointerDown={(e) => {
                if (!props.write) return;
                e.preventDefault();
                (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
                setDragging(part.id);
              }}
              onPointerMove={(e) => {
                if (dragging !== part.id) return;
                const p = at(e);
                setMoved((m) => ({ ...m, [part.id]: p }));
              }}
              onPointerUp={(e) => {
                if (dragging !== part.id) return;
                setDragging(null);
                const p = at(e);
                setMoved((m) => ({ ...m, [part.id]: p }));
                if (p.x !== part.x || p.y !== part.y) void save(part, p);
              }}
              onPointerCancel={() => setDragging(null)}
              onKeyDown={(e) => {
                const step = e.shiftKey ? 5 : 1;
                const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
                if (!d || !props.write) return;
                e.preventDefault();
                const next = { x: clamp(pos.x + d[0]!), y: clamp(pos.y + d[1]!) };
                setMoved((m) => ({ ...m, [part.id]: next }));
                clearTimeout(keyTimer.current);
                keyTimer.current = setTimeout(() => void save(part, next), 700);
              }}
            >
              <span aria-hidden="true">{i + 1}</span>{' '}
              <span class="marker-name" aria-hidden="true">
                {name}
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}

function PartForm(props: { productId: string; part: CatalogPart | null; onCancel: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const p = props.part;
  const [v, setV] = useState({ key: p?.key ?? '', nameZh: p?.nameZh ?? '', nameEn: p?.nameEn ?? '', promptZh: p?.promptZh ?? '', promptEn: p?.promptEn ?? '' });
  const act = useAction();
  const input = (k: keyof typeof v, label: string, extra: Record<string, unknown> = {}) => (
    <Field label={label}>{(id) => <input id={id} required value={v[k]} onInput={(e) => setV({ ...v, [k]: e.currentTarget.value })} {...extra} />}</Field>
  );
  return (
    <form
      class="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        await act.run(async () => {
          const body = { nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), promptZh: v.promptZh.trim(), promptEn: v.promptEn.trim() };
          if (p) await api('PATCH', `/parts/${p.id}`, body);
          else await api('POST', `/products/${props.productId}/parts`, { ...body, key: v.key, x: 50, y: 50 } satisfies PartInput);
          props.onDone();
        });
      }}
    >
      {!p ? (
        <Field label={t.key} hint={t.keyHint}>
          {(id, hint) => <input id={id} required pattern="[a-z0-9][a-z0-9\-]{0,39}" aria-describedby={hint} value={v.key} onInput={(e) => setV({ ...v, key: e.currentTarget.value.toLowerCase() })} />}
        </Field>
      ) : null}
      <div class="row-2">
        {input('nameZh', t.nameZh, { maxLength: 80 })}
        {input('nameEn', t.nameEn, { maxLength: 80 })}
      </div>
      {input('promptZh', t.promptZh, { maxLength: 160 })}
      {input('promptEn', t.promptEn, { maxLength: 160 })}
      {act.error ? <ErrorNote error={act.error} /> : null}
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={props.onCancel}>
          {t.cancel}
        </button>
        <button type="submit" class="btn btn-primary" disabled={act.busy}>
          {p ? t.save : t.add}
        </button>
      </div>
    </form>
  );
}

function PairForm(props: { productId: string; pair: CatalogPair | null; onCancel: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const q = props.pair;
  const [v, setV] = useState({
    key: q?.key ?? '',
    promptZh: q?.promptZh ?? '',
    promptEn: q?.promptEn ?? '',
    aZh: q?.a.labelZh ?? '',
    aEn: q?.a.labelEn ?? '',
    bZh: q?.b.labelZh ?? '',
    bEn: q?.b.labelEn ?? '',
  });
  const [files, setFiles] = useState<{ a: File | null; b: File | null }>({ a: null, b: null });
  const act = useAction();
  const text = (k: keyof typeof v, label: string, max: number) => (
    <Field label={label}>{(id) => <input id={id} required maxLength={max} value={v[k]} onInput={(e) => setV({ ...v, [k]: e.currentTarget.value })} />}</Field>
  );
  const side = (s: 'a' | 'b') => (
    <fieldset class="side-fieldset">
      <legend>{s === 'a' ? t.sideA : t.sideB}</legend>
      {text(s === 'a' ? 'aZh' : 'bZh', t.labelZh, 80)}
      {text(s === 'a' ? 'aEn' : 'bEn', t.labelEn, 80)}
      <Field label={t.chooseFile(s === 'a' ? t.sideA : t.sideB)} hint={t.pictureHint}>
        {(id, hint) => <input id={id} type="file" accept={PICTURE_ACCEPT} required={!q} aria-describedby={hint} onChange={(e) => setFiles({ ...files, [s]: e.currentTarget.files?.[0] ?? null })} />}
      </Field>
    </fieldset>
  );
  return (
    <form
      class="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        await act.run(async () => {
          const pic = async (f: File | null, existing: string | undefined): Promise<PictureUpload | string | undefined> => {
            if (f) {
              try {
                return await readPicture(f);
              } catch (err) {
                throw pictureError(err, t);
              }
            }
            return existing;
          };
          const a = await pic(files.a, q?.a.pictureId);
          const b = await pic(files.b, q?.b.pictureId);
          const body = {
            promptZh: v.promptZh.trim(),
            promptEn: v.promptEn.trim(),
            a: { labelZh: v.aZh.trim(), labelEn: v.aEn.trim(), picture: a! },
            b: { labelZh: v.bZh.trim(), labelEn: v.bEn.trim(), picture: b! },
          };
          if (q) await api('PATCH', `/pairs/${q.id}`, body);
          else await api('POST', `/products/${props.productId}/pairs`, { ...body, key: v.key } satisfies PairInput);
          props.onDone();
        });
      }}
    >
      {!q ? (
        <Field label={t.key} hint={t.keyHint}>
          {(id, hint) => <input id={id} required pattern="[a-z0-9][a-z0-9\-]{0,39}" aria-describedby={hint} value={v.key} onInput={(e) => setV({ ...v, key: e.currentTarget.value.toLowerCase() })} />}
        </Field>
      ) : null}
      <div class="row-2">
        {text('promptZh', `${t.prompt} (中文)`, 160)}
        {text('promptEn', `${t.prompt} (English)`, 160)}
      </div>
      <div class="row-2">
        {side('a')}
        {side('b')}
      </div>
      {act.error ? <ErrorNote error={act.error} /> : null}
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={props.onCancel}>
          {t.cancel}
        </button>
        <button type="submit" class="btn btn-primary" disabled={act.busy}>
          {q ? t.save : t.add}
        </button>
      </div>
    </form>
  );
}
