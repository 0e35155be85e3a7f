/**
 * The catalog's synonyms per part: words children use for a part, so the inbox's Themes view
 * finds the part in their ideas. Mounted under a model's parts table.
 */
import { useState } from 'preact/hooks';
import type { PartSynonymList, PartSynonyms, PartSynonymsInput } from '../../shared/admin/themes.ts';
import { api } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import { useI18n } from '../lib/i18n.ts';
import type { CatalogPart, CatalogProduct } from '../lib/types.ts';
import { Dialog, ErrorNote, Field, FormActions, TableWrap, useAction } from './ui.tsx';

const split = (s: string) => [...new Set(s.split(/[,，、;；\n]/).map((x) => x.trim()).filter(Boolean))];

export function PartSynonymsEditor(props: { product: CatalogProduct; write: boolean }) {
  const { t, pick } = useI18n();
  const { data, error, reload } = useLoad<PartSynonymList>(`/products/${props.product.id}/part-synonyms`);
  const [editing, setEditing] = useState<CatalogPart | null>(null);
  const byKey = new Map((data?.items ?? []).map((s) => [s.partKey, s]));
  const list = (words: string[] | undefined, lang: string) =>
    words?.length ? (
      <ul class="chips" lang={lang}>
        {words.map((w) => (
          <li key={w} class="chip chip-static">
            {w}
          </li>
        ))}
      </ul>
    ) : (
      <span class="muted">{t.synonymsNone}</span>
    );

  return (
    <section aria-labelledby={`syn-title-${props.product.id}`} class="synonyms">
      <div class="section-head">
        <h3 id={`syn-title-${props.product.id}`}>{t.synonymsTitle}</h3>
      </div>
      <p class="hint">{t.synonymsHint}</p>
      {error ? <ErrorNote error={error} onRetry={reload} /> : null}
      <TableWrap label={t.synonymsTable}>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t.part}</th>
              <th scope="col">{t.synonymsZh}</th>
              <th scope="col">{t.synonymsEn}</th>
              {props.write ? <th scope="col">{t.actions}</th> : null}
            </tr>
          </thead>
          <tbody>
            {props.product.parts.map((part) => (
              <tr key={part.id} data-synonyms={part.key}>
                <th scope="row">{pick(part.nameZh, part.nameEn)}</th>
                <td>{list(byKey.get(part.key)?.zh, 'zh-CN')}</td>
                <td>{list(byKey.get(part.key)?.en, 'en')}</td>
                {props.write ? (
                  <td class="row-actions">
                    <button type="button" class="btn btn-small" aria-label={t.synonymsEdit(pick(part.nameZh, part.nameEn))} onClick={() => setEditing(part)}>
                      {t.edit}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <SynonymDialog
        part={editing}
        current={editing ? byKey.get(editing.key) : undefined}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
      />
    </section>
  );
}

function SynonymDialog(props: { part: CatalogPart | null; current: PartSynonyms | undefined; onClose: () => void; onSaved: () => void }) {
  const { t, pick } = useI18n();
  const act = useAction();
  const key = props.part?.id ?? '';
  return (
    <Dialog open={props.part !== null} title={props.part ? t.synonymsDialog(pick(props.part.nameZh, props.part.nameEn)) : ''} onClose={props.onClose}>
      <form
        key={key}
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const body: PartSynonymsInput = { zh: split(String(form.get('zh') ?? '')), en: split(String(form.get('en') ?? '')) };
          void act.run(async () => {
            await api('PUT', `/parts/${props.part!.id}/synonyms`, body);
            props.onSaved();
          });
        }}
      >
        <Field label={t.synonymsZh} hint={t.synonymsFieldHint}>
          {(id, hint) => <input id={id} name="zh" lang="zh-CN" aria-describedby={hint} defaultValue={(props.current?.zh ?? []).join('，')} />}
        </Field>
        <Field label={t.synonymsEn} hint={t.synonymsFieldHint}>
          {(id, hint) => <input id={id} name="en" lang="en" aria-describedby={hint} defaultValue={(props.current?.en ?? []).join(', ')} />}
        </Field>
        {act.error ? <ErrorNote error={act.error} /> : null}
        <FormActions cancel={t.cancel} submit={t.save} busy={act.busy} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
