import { useState } from 'preact/hooks';
import { ErrorNote, TableWrap } from './ui.tsx';
import { api, ApiError } from '../lib/api.ts';
import { AUDIO_ACCEPT, PictureError, readAudio } from '../lib/files.ts';
import { useI18n } from '../lib/i18n.ts';
import type { CatalogPair, CatalogPart, CatalogProduct, PromptAudioInput } from '../lib/types.ts';

type Lang = 'zh' | 'en';
const LANGS: Lang[] = ['zh', 'en'];
type Item = { kind: 'part'; x: CatalogPart } | { kind: 'pair'; x: CatalogPair };

/**
 * Recorded prompts per part and pair and language: play, upload, replace, remove. Each change
 * is a PATCH of the part or pair (a published one gets a successor, like any edit), so the
 * kiosks hear it after the next publish.
 */
export function PromptClips(props: { product: CatalogProduct; write: boolean; onChanged: (msg: string) => void }) {
  const { t, pick } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const items: Item[] = [...props.product.parts.map((x) => ({ kind: 'part' as const, x })), ...props.product.pairs.map((x) => ({ kind: 'pair' as const, x }))];

  const save = async (item: Item, lang: Lang, value: PromptAudioInput['zh'], msg: string) => {
    setBusy(`${item.x.id}:${lang}`);
    setError(null);
    try {
      await api('PATCH', `/${item.kind === 'part' ? 'parts' : 'pairs'}/${item.x.id}`, { promptAudio: { [lang]: value } });
      props.onChanged(msg);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const upload = async (item: Item, lang: Lang, file: File) => {
    try {
      const clip = await readAudio(file);
      await save(item, lang, clip, t.clipSaved);
    } catch (e) {
      setError(e instanceof PictureError ? new ApiError(400, 'audio', e.message === 'size' ? t.clipTooBig : t.clipType) : e);
    }
  };

  return (
    <section class="prompt-clips" aria-labelledby="clips-title">
      <div class="section-head">
        <h3 id="clips-title">{t.promptClips}</h3>
      </div>
      <p class="hint">{t.promptClipsHint}</p>
      {error ? <ErrorNote error={error} /> : null}
      <TableWrap label={t.promptClips}>
        <table class="table clips-table">
          <thead>
            <tr>
              <th scope="col">{t.prompt}</th>
              {LANGS.map((l) => (
                <th scope="col" key={l} lang={l === 'zh' ? 'zh-CN' : 'en'}>
                  {t.clipLanguage[l]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const what = item.kind === 'part' ? pick(item.x.nameZh, item.x.nameEn) : pick(item.x.promptZh, item.x.promptEn);
              return (
                <tr key={item.x.id} data-clips={`${item.kind}:${item.x.key}`}>
                  <th scope="row">
                    {what}
                    <span class="muted block">
                      {item.kind === 'part' ? t.part : t.pairs} · <code>{item.x.key}</code>
                    </span>
                  </th>
                  {LANGS.map((lang) => {
                    const url = item.x.promptAudio[lang];
                    const language = t.clipLanguage[lang];
                    const here = busy === `${item.x.id}:${lang}`;
                    return (
                      <td key={lang} class="clip-cell" data-lang={lang}>
                        {url ? <audio controls preload="none" src={url} aria-label={t.playClip(language, what)} /> : <span class="muted">{t.noClip}</span>}
                        {props.write ? (
                          <div class="clip-actions">
                            <label class={`btn btn-small file-button${here ? ' disabled' : ''}`}>
                              {url ? t.replaceClip : t.uploadClip}
                              <input
                                type="file"
                                accept={AUDIO_ACCEPT}
                                class="visually-hidden"
                                disabled={busy !== null}
                                aria-label={t.clipFor(url ? t.replaceClip : t.uploadClip, language, what)}
                                onChange={(e) => {
                                  const f = e.currentTarget.files?.[0];
                                  e.currentTarget.value = '';
                                  if (f) void upload(item, lang, f);
                                }}
                              />
                            </label>
                            {url ? (
                              <button type="button" class="btn btn-small btn-danger-outline" disabled={busy !== null} aria-label={t.clipFor(t.removeClip, language, what)} onClick={() => void save(item, lang, null, t.clipRemoved)}>
                                {t.removeClip}
                              </button>
                            ) : null}
                          </div>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
