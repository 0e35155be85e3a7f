import { useEffect, useMemo, useState } from 'preact/hooks';
import { Drawing } from '../components/Drawing.tsx';
import { InboxTabs } from '../components/InboxTabs.tsx';
import { RejectDialog } from '../components/RejectDialog.tsx';
import { ClusterBadge, HeldBackClusters } from '../components/HeldBackClusters.tsx';
import { Badge, Dialog, ErrorNote, Field, Loading, PageHeader, Pager, useAction, useFlash, FormActions } from '../components/ui.tsx';
import { api, query } from '../lib/api.ts';
import { useApp } from '../lib/app-context.ts';
import * as fmt from '../lib/format.ts';
import { useLoad } from '../lib/hooks.ts';
import { useI18n } from '../lib/i18n.ts';
import { href, navigate } from '../lib/router.ts';
import { STATUSES, type BulkIdeaChange, type IdeaCard, type IdeaChange, type IdeaPage, type Moderation, type ProductStatus } from '../lib/types.ts';

const PAGE_SIZE = 24;
const MODS: Moderation[] = ['pending', 'approved', 'rejected'];

const modTone = (m: string) => (m === 'approved' ? 'green' : m === 'rejected' ? 'red' : 'sun');

export default function Ideas() {
  const { t, locale, pick } = useI18n();
  const { route, catalog, can, showroomNames, showroomOptions } = useApp();
  const p = route.params;
  const moderation = p.get('mod') ?? 'pending';
  const filter = {
    moderation: moderation === 'all' ? undefined : moderation,
    status: p.get('status') ?? undefined,
    kind: p.get('kind') ?? undefined,
    productId: p.get('model') ?? undefined,
    showroomId: p.get('showroom') ?? undefined,
    tag: p.get('tag') ?? undefined,
    q: p.get('q') ?? undefined,
    ids: p.get('ids') ?? undefined,
    clusterId: p.get('cluster') ?? undefined,
    page: Number(p.get('page')) > 1 ? Number(p.get('page')) : undefined,
  };
  const { data, error, loading, reload } = useLoad<IdeaPage>(`/ideas${query({ ...filter, pageSize: PAGE_SIZE })}`);
  // The page's cards with this session's edits applied, tied to the response they were made on: a new
  // response shows its own cards in the very render it arrives in (copying it over in an effect
  // showed "no ideas" for a frame first).
  const [edited, setEdited] = useState<{ page: IdeaPage | null; items: IdeaCard[] }>({ page: null, items: [] });
  const itemsOf = (e: typeof edited) => (data && e.page === data ? e.items : (data?.items ?? []));
  const items = itemsOf(edited);
  const setItems = (edit: (list: IdeaCard[]) => IdeaCard[]) => setEdited((prev) => ({ page: data, items: edit(itemsOf(prev)) }));
  const [selected, setSelected] = useState<Set<string>>(new Set());
  useEffect(() => setSelected(new Set()), [data]);
  const [, flash, flashEl] = useFlash();
  const [search, setSearch] = useState(filter.q ?? '');
  const moderate = can('ideas.moderate');

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(p);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    navigate('ideas', next, true);
  };

  const products = catalog?.products ?? [];
  const partKeys = useMemo(() => {
    const m = new Map<string, string>();
    for (const pr of products) for (const part of pr.parts) if (!m.has(part.key)) m.set(part.key, pick(part.nameZh, part.nameEn));
    return [...m.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [catalog, locale]);
  const showroomName = (slug: string) => {
    const s = showroomNames?.find((x) => x.slug === slug);
    return s ? pick(s.nameZh, s.nameEn) : slug;
  };
  const productName = (id: string, key: string) => {
    const x = products.find((q) => q.id === id);
    return x ? pick(x.nameZh, x.nameEn) : key;
  };

  const applyLocal = (ids: string[], change: IdeaChange) => {
    setItems((list) =>
      list.map((it) =>
        ids.includes(it.id)
          ? {
              ...it,
              moderation: change.moderation ?? it.moderation,
              reason: change.moderation === 'rejected' ? (change.reason ?? it.reason) : change.moderation ? null : it.reason,
              status: change.status ?? it.status,
              replyZh: change.replyZh ?? it.replyZh,
              replyEn: change.replyEn ?? it.replyEn,
              tags: change.tags ?? it.tags,
            }
          : it,
      ),
    );
  };
  const change = async (id: string, c: IdeaChange) => {
    await api('PATCH', `/ideas/${id}`, c);
    applyLocal([id], c);
    flash(t.saved);
  };
  const bulk = async (c: Omit<BulkIdeaChange, 'ids'>) => {
    const ids = [...selected];
    const r = await api<{ updated: number }>('POST', '/ideas/bulk', { ids, ...c });
    applyLocal(ids, c);
    flash(t.updatedN(r.updated));
  };

  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const allOnPage = items.length > 0 && items.every((i) => selected.has(i.id));

  return (
    <>
      <PageHeader title={t.ideasTitle} sub={data ? t.ideasTotal(total) : undefined} />
      <InboxTabs current="ideas" />
      <section class="filter-bar" aria-label={t.filters}>
        <SelectFilter id="f-mod" label={t.moderation} value={moderation} onChange={(v) => set({ mod: v })} options={[...MODS.map((m) => [m, t.mod[m]] as [string, string]), ['all', t.any]]} />
        <SelectFilter id="f-status" label={t.status} value={filter.status ?? ''} onChange={(v) => set({ status: v })} options={[['', t.any], ...STATUSES.map((s) => [s, t.st[s]] as [string, string])]} />
        <SelectFilter id="f-kind" label={t.kind} value={filter.kind ?? ''} onChange={(v) => set({ kind: v })} options={[['', t.any], ...(['drawing', 'voice', 'text'] as const).map((k) => [k, t.kinds[k]] as [string, string])]} />
        <SelectFilter id="f-model" label={t.model} value={filter.productId ?? ''} onChange={(v) => set({ model: v })} options={[['', t.any], ...products.map((x) => [x.id, pick(x.nameZh, x.nameEn)] as [string, string])]} />
        {showroomOptions && showroomOptions.length > 1 ? (
          <SelectFilter id="f-showroom" label={t.showroom} value={filter.showroomId ?? ''} onChange={(v) => set({ showroom: v })} options={[['', t.allShowrooms], ...showroomOptions.map((o) => [o.id, o.name] as [string, string])]} />
        ) : null}
        <SelectFilter id="f-tag" label={t.tag} value={filter.tag ?? ''} onChange={(v) => set({ tag: v })} options={[['', t.any], ...partKeys]} />
        <form
          class="filter-group search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            set({ q: search.trim() || null });
          }}
        >
          <label class="filter-label" for="f-q">
            {t.search}
          </label>
          <div class="search-row">
            <input id="f-q" type="search" value={search} placeholder={t.searchPlaceholder} maxLength={100} onInput={(e) => setSearch(e.currentTarget.value)} />
            <button type="submit" class="btn btn-small">
              {t.search}
            </button>
          </div>
        </form>
      </section>

      {moderate && items.length ? (
        <BulkBar
          count={selected.size}
          allOnPage={allOnPage}
          onToggleAll={() => setSelected(allOnPage ? new Set() : new Set(items.map((i) => i.id)))}
          onClear={() => setSelected(new Set())}
          onApply={bulk}
        />
      ) : null}
      {flashEl}
      {filter.clusterId ? (
        <p class="note cluster-filter">
          {t.clusterFilter} ·{' '}
          <a href={href('ideas', { mod: 'all' })}>{t.clusterFilterClear}</a>
        </p>
      ) : moderation === 'pending' ? (
        <HeldBackClusters
          canModerate={moderate}
          onRejected={(n) => {
            flash(t.rejectAllDone(n));
            reload();
          }}
        />
      ) : null}
      {error ? <ErrorNote error={error} onRetry={reload} /> : null}
      {!data && loading ? <Loading /> : null}
      {data && items.length === 0 ? <p class="note empty">{t.noIdeas}</p> : null}
      <ul class={`idea-grid${loading ? ' is-stale' : ''}`} aria-label={t.ideasTitle}>
        {items.map((it, i) => (
          <IdeaCardView
            key={it.id}
            idea={it}
            index={((filter.page ?? 1) - 1) * PAGE_SIZE + i + 1}
            selected={selected.has(it.id)}
            onSelect={(on) => {
              const next = new Set(selected);
              if (on) next.add(it.id);
              else next.delete(it.id);
              setSelected(next);
            }}
            canModerate={moderate}
            productName={productName(it.visit.productId, it.visit.product)}
            showroomName={showroomName(it.visit.showroom)}
            parts={(products.find((x) => x.id === it.visit.productId)?.parts ?? []).map((x) => [x.key, pick(x.nameZh, x.nameEn)] as [string, string])}
            onChange={(c) => change(it.id, c)}
          />
        ))}
      </ul>
      <Pager page={filter.page ?? 1} pages={pages} onPage={(n) => set({ page: String(n) })} />
    </>
  );
}

function SelectFilter(props: { id: string; label: string; value: string; options: Array<[string, string]>; onChange: (v: string) => void }) {
  return (
    <div class="filter-group">
      <label class="filter-label" for={props.id}>
        {props.label}
      </label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

function BulkBar(props: { count: number; allOnPage: boolean; onToggleAll: () => void; onClear: () => void; onApply: (c: Omit<BulkIdeaChange, 'ids'>) => Promise<void> }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<ProductStatus>('heard');
  const [rejecting, setRejecting] = useState(false);
  const [replying, setReplying] = useState(false);
  const act = useAction();
  return (
    <section class={`bulk-bar${props.count ? ' bulk-on' : ''}`} aria-label={t.bulkApply}>
      <label class="check">
        <input type="checkbox" checked={props.allOnPage} onChange={props.onToggleAll} />
        {t.selectPage}
      </label>
      <span class="bulk-count" aria-live="polite">
        {t.selectedN(props.count)}
      </span>
      <div class="bulk-actions">
        <button type="button" class="btn btn-small btn-approve" disabled={!props.count || act.busy} onClick={() => act.run(() => props.onApply({ moderation: 'approved' }))}>
          {t.approve}
        </button>
        <button type="button" class="btn btn-small btn-danger-outline" disabled={!props.count || act.busy} onClick={() => setRejecting(true)}>
          {t.reject}…
        </button>
        <label class="visually-hidden" for="bulk-status">
          {t.setStatus}
        </label>
        <select id="bulk-status" value={status} disabled={!props.count} onChange={(e) => setStatus(e.currentTarget.value as ProductStatus)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t.st[s]}
            </option>
          ))}
        </select>
        <button type="button" class="btn btn-small" disabled={!props.count || act.busy} onClick={() => act.run(() => props.onApply({ status }))}>
          {t.setStatus}
        </button>
        <button type="button" class="btn btn-small" disabled={!props.count || act.busy} onClick={() => setReplying(true)}>
          {t.bulkReply}…
        </button>
        {props.count ? (
          <button type="button" class="btn btn-small btn-link" onClick={props.onClear}>
            {t.clearSelection}
          </button>
        ) : null}
      </div>
      {act.error ? <ErrorNote error={act.error} /> : null}
      <RejectDialog open={rejecting} onClose={() => setRejecting(false)} onReject={(reason) => props.onApply({ moderation: 'rejected', reason })} />
      <BulkReplyDialog open={replying} count={props.count} onClose={() => setReplying(false)} onReply={(replyZh, replyEn) => props.onApply({ replyZh, replyEn })} />
    </section>
  );
}

function BulkReplyDialog(props: { open: boolean; count: number; onClose: () => void; onReply: (zh: string, en: string) => Promise<void> }) {
  const { t } = useI18n();
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const act = useAction();
  return (
    <Dialog open={props.open} title={`${t.bulkReply} · ${t.selectedN(props.count)}`} onClose={props.onClose}>
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          const ok = await act.run(async () => {
            await props.onReply(zh.trim(), en.trim());
            return true;
          });
          if (ok) props.onClose();
        }}
      >
        <Field label={t.replyZh}>{(id) => <textarea id={id} rows={3} required maxLength={1000} lang="zh-CN" value={zh} onInput={(e) => setZh(e.currentTarget.value)} />}</Field>
        <Field label={t.replyEn} hint={t.replyHint}>
          {(id, hint) => <textarea id={id} rows={3} required maxLength={1000} lang="en" aria-describedby={hint} value={en} onInput={(e) => setEn(e.currentTarget.value)} />}
        </Field>
        {act.error ? <ErrorNote error={act.error} /> : null}
        <FormActions cancel={t.cancel} submit={t.save} busy={act.busy} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}

function IdeaCardView(props: {
  idea: IdeaCard;
  index: number;
  selected: boolean;
  onSelect: (on: boolean) => void;
  canModerate: boolean;
  productName: string;
  showroomName: string;
  parts: Array<[string, string]>;
  onChange: (c: IdeaChange) => Promise<void>;
}) {
  const { t, locale } = useI18n();
  const it = props.idea;
  const [rejecting, setRejecting] = useState(false);
  const [replyZh, setReplyZh] = useState(it.replyZh ?? '');
  const [replyEn, setReplyEn] = useState(it.replyEn ?? '');
  const [tags, setTags] = useState<string[]>(it.tags);
  const act = useAction();
  const titleId = `idea-${it.id}`;
  const kind = (['drawing', 'voice', 'text'] as const).find((k) => k === it.kind) ?? 'text';
  return (
    <li class={`idea-card${props.selected ? ' selected' : ''}`} aria-labelledby={titleId} data-idea={it.id} data-kind={it.kind} data-moderation={it.moderation}>
      <div class="idea-top">
        {props.canModerate ? (
          <input type="checkbox" class="idea-select" checked={props.selected} aria-label={t.selectIdea(props.index)} onChange={(e) => props.onSelect(e.currentTarget.checked)} />
        ) : null}
        <h2 id={titleId} class="idea-title">
          <span class="visually-hidden">{t.kinds[kind]} · </span>
          {props.productName}
        </h2>
        <Badge tone={modTone(it.moderation)} class="mod-badge">
          {t.mod[it.moderation as Moderation] ?? it.moderation}
        </Badge>
      </div>
      {it.duplicateCluster ? <ClusterBadge cluster={it.duplicateCluster} /> : null}
      <div class={`idea-media idea-${kind}${kind === 'text' ? ' idea-text-box' : ''}`}>
        {kind === 'drawing' ? (
          it.drawing ? <Drawing drawing={it.drawing} label={t.drawingAlt(props.productName)} /> : <p class="muted">{t.expired}</p>
        ) : kind === 'voice' ? (
          it.voiceUrl ? (
            <div class="voice">
              <svg viewBox="0 0 24 24" class="voice-icon" aria-hidden="true">
                <path d="M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3" />
              </svg>
              <audio controls preload="none" src={it.voiceUrl} aria-label={t.voiceLabel} />
            </div>
          ) : (
            <p class="muted">{t.expired}</p>
          )
        ) : (
          <blockquote class="idea-quote" lang={it.visit.locale}>
            {it.text}
          </blockquote>
        )}
      </div>
      {it.flags.length ? (
        <ul class="flags" aria-label={t.flags}>
          {it.flags.map((f) => (
            <li key={f}>
              <Badge tone="red">{t.flagNames[f] ?? t.redactFlagNames[f] ?? f}</Badge>
            </li>
          ))}
        </ul>
      ) : null}
      <p class="idea-meta">
        <span>{t.ideaFrom(props.showroomName, t.age(it.visit.ageBand))}</span>
        <span>{fmt.dateTime(it.createdAt, locale)}</span>
        {kind === 'drawing' ? <span>{it.visit.galleryConsent ? t.galleryOk : t.galleryNo}</span> : null}
      </p>
      {it.moderation === 'rejected' && it.reason ? (
        <p class="idea-reason">
          {t.rejectReason}: {it.reason}
        </p>
      ) : null}
      {props.canModerate ? (
        <>
          <div class="idea-actions">
            <button type="button" class="btn btn-small btn-approve" disabled={act.busy || it.moderation === 'approved'} onClick={() => act.run(() => props.onChange({ moderation: 'approved' }))}>
              {t.approve}
            </button>
            <button type="button" class="btn btn-small btn-danger-outline" disabled={act.busy || it.moderation === 'rejected'} onClick={() => setRejecting(true)}>
              {t.reject}…
            </button>
          </div>
          <div class="idea-status">
            <label for={`st-${it.id}`}>{t.status}</label>
            <select id={`st-${it.id}`} class="status-select" value={it.status} disabled={act.busy} onChange={(e) => act.run(() => props.onChange({ status: e.currentTarget.value as ProductStatus }))}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t.st[s]}
                </option>
              ))}
            </select>
          </div>
          <details class="idea-more">
            <summary>
              {t.replyAndTags}
              {it.replyZh || it.replyEn ? <span class="dot" aria-hidden="true" /> : null}
            </summary>
            <form
              class="stack"
              onSubmit={(e) => {
                e.preventDefault();
                const c: IdeaChange = { tags };
                if (replyZh !== (it.replyZh ?? '')) c.replyZh = replyZh;
                if (replyEn !== (it.replyEn ?? '')) c.replyEn = replyEn;
                void act.run(() => props.onChange(c));
              }}
            >
              <Field label={t.replyZh}>{(id) => <textarea id={id} rows={2} maxLength={1000} lang="zh-CN" value={replyZh} onInput={(e) => setReplyZh(e.currentTarget.value)} />}</Field>
              <Field label={t.replyEn} hint={t.replyHint}>
                {(id, hint) => <textarea id={id} rows={2} maxLength={1000} lang="en" aria-describedby={hint} value={replyEn} onInput={(e) => setReplyEn(e.currentTarget.value)} />}
              </Field>
              {props.parts.length ? (
                <fieldset class="tag-set">
                  <legend>{t.tagsByPart}</legend>
                  <div class="chips">
                    {props.parts.map(([key, name]) => {
                      const on = tags.includes(key);
                      return (
                        <label key={key} class={`chip chip-check${on ? ' chip-on' : ''}`} data-tag={key}>
                          <input type="checkbox" checked={on} onChange={() => setTags(on ? tags.filter((x) => x !== key) : [...tags, key])} />
                          {name}
                        </label>
                      );
                    })}
                  </div>
                </fieldset>
              ) : null}
              <div>
                <button type="submit" class="btn btn-small btn-primary" disabled={act.busy}>
                  {t.save}
                </button>
              </div>
            </form>
          </details>
        </>
      ) : it.tags.length ? (
        <p class="muted">{it.tags.join(', ')}</p>
      ) : null}
      {act.error ? <ErrorNote error={act.error} /> : null}
      <RejectDialog open={rejecting} onClose={() => setRejecting(false)} onReject={(reason) => props.onChange({ moderation: 'rejected', reason })} />
    </li>
  );
}
