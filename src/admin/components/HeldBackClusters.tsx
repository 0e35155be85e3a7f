import { useState } from 'preact/hooks';
import { api } from '../lib/api.ts';
import * as fmt from '../lib/format.ts';
import { useLoad } from '../lib/hooks.ts';
import { useI18n } from '../lib/i18n.ts';
import { href } from '../lib/router.ts';
import type { ClusterCard, ClusterPage } from '../lib/types.ts';
import { Drawing } from './Drawing.tsx';
import { RejectDialog } from './RejectDialog.tsx';
import { Badge, ErrorNote } from './ui.tsx';

/**
 * Floods of near-identical ideas from one kiosk, held back from the moderation queue: one entry
 * per cluster with its newest idea, and "reject all" with one reason.
 */
export function HeldBackClusters(props: { canModerate: boolean; onRejected: (n: number) => void }) {
  const { t } = useI18n();
  const { data, error, reload } = useLoad<ClusterPage>('/ideas/clusters?pageSize=20');
  if (error) return <ErrorNote error={error} onRetry={reload} />;
  if (!data || data.items.length === 0) return null;
  return (
    <section class="held-back" aria-labelledby="held-back-title">
      <h2 id="held-back-title" class="held-back-title">
        {t.heldBackTitle}
      </h2>
      <p class="muted">{t.heldBackIntro(data.minSize)}</p>
      <ul class="held-back-list">
        {data.items.map((c) => (
          <ClusterEntry
            key={c.id}
            cluster={c}
            canModerate={props.canModerate}
            onRejected={(n) => {
              reload();
              props.onRejected(n);
            }}
          />
        ))}
      </ul>
    </section>
  );
}

function ClusterEntry(props: { cluster: ClusterCard; canModerate: boolean; onRejected: (n: number) => void }) {
  const { t, locale } = useI18n();
  const c = props.cluster;
  const [open, setOpen] = useState(false);
  const titleId = `cluster-${c.id}`;
  return (
    <li class="cluster-card" aria-labelledby={titleId} data-cluster={c.id}>
      <div class="cluster-head">
        <h3 id={titleId} class="cluster-title">
          {t.heldBackCard(c.size, c.device.name)}
        </h3>
        <Badge tone="red">{t.heldBackPending(c.pending)}</Badge>
      </div>
      <p class="idea-meta">
        <span>{c.showroom.slug}</span>
        <span>{t.heldBackWhen(fmt.dateTime(c.firstAt, locale), fmt.dateTime(c.lastAt, locale))}</span>
      </p>
      <figure class="cluster-sample">
        <figcaption class="muted">{t.heldBackSample}</figcaption>
        {c.kind === 'drawing' && c.sample.drawing ? (
          <div class="idea-media idea-drawing">
            <Drawing drawing={c.sample.drawing} label={t.heldBackSample} />
          </div>
        ) : (
          <blockquote class="idea-quote">{c.sample.text}</blockquote>
        )}
      </figure>
      <div class="idea-actions">
        <a class="btn btn-small" href={href('ideas', { cluster: c.id, mod: 'all' })}>
          {t.heldBackShow}
        </a>
        {props.canModerate ? (
          <button type="button" class="btn btn-small btn-danger" onClick={() => setOpen(true)}>
            {t.rejectAll(c.pending)}
          </button>
        ) : null}
      </div>
      <RejectClusterDialog open={open} cluster={c} onClose={() => setOpen(false)} onRejected={props.onRejected} />
    </li>
  );
}

function RejectClusterDialog(props: { open: boolean; cluster: ClusterCard; onClose: () => void; onRejected: (n: number) => void }) {
  const { t } = useI18n();
  return (
    <RejectDialog
      open={props.open}
      title={t.rejectAllTitle(props.cluster.pending)}
      body={<p>{t.rejectAllBody}</p>}
      confirm={t.rejectAllConfirm(props.cluster.pending)}
      onClose={props.onClose}
      onReject={async (reason) => {
        const r = await api<{ updated: number }>('POST', `/ideas/clusters/${props.cluster.id}/reject`, { reason });
        props.onRejected(r.updated);
      }}
    />
  );
}

/** The badge on an idea that has near-duplicates: a link to the whole cluster. */
export function ClusterBadge(props: { cluster: { id: string; size: number } }) {
  const { t } = useI18n();
  return (
    <a class="badge badge-violet cluster-badge" href={href('ideas', { cluster: props.cluster.id, mod: 'all' })} data-cluster={props.cluster.id}>
      {t.clusterBadge(props.cluster.size)}
      <span class="visually-hidden"> — {t.clusterBadgeLabel(props.cluster.size)}</span>
    </a>
  );
}
