import { useState } from 'preact/hooks';
import { ErrorNote, Field } from './ui.tsx';
import { useAction } from './ui.tsx';
import { api, ApiError } from '../lib/api.ts';
import { PICTURE_ACCEPT, PictureError, readPicture } from '../lib/files.ts';
import { useI18n, type Messages } from '../lib/i18n.ts';
import type { CatalogPair, CatalogPart, PairInput, PartInput, PictureUpload } from '../lib/types.ts';

export function pictureError(e: unknown, t: Messages): unknown {
  return e instanceof PictureError ? new ApiError(400, 'picture', e.message === 'size' ? t.pictureTooBig : t.pictureHint) : e;
}

export function PartForm(props: { productId: string; part: CatalogPart | null; onCancel: () => void; onDone: () => void }) {
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

export function PairForm(props: { productId: string; pair: CatalogPair | null; onCancel: () => void; onDone: () => void }) {
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
