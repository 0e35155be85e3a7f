import { useState } from 'preact/hooks';
import { ConfirmDialog, ErrorNote, Loading, TableWrap } from './ui.tsx';
import { api } from '../lib/api.ts';
import { useApp } from '../lib/app-context.ts';
import * as fmt from '../lib/format.ts';
import type { Loaded } from '../lib/hooks.ts';
import { useI18n } from '../lib/i18n.ts';
import type { InviteLink, InviteView } from '../lib/types.ts';

/** A sign-up link with a copy button (a fresh invite, or a new link for an open one). */
export function InviteLinkBox(props: { id: string; link: InviteLink }) {
  const { t, locale } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div class="invite-result" role="status">
      <label for={props.id}>{t.inviteLink}</label>
      <div class="copy-row">
        <input id={props.id} readOnly value={props.link.link} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          class="btn btn-small"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(props.link.link);
            } catch {
              (document.getElementById(props.id) as HTMLInputElement | null)?.select();
            }
            setCopied(true);
          }}
        >
          {copied ? t.copied : t.copy}
        </button>
      </div>
      <p class="hint">
        {t.inviteExpires(Math.round(props.link.expiresInHours))} {t.expiresAt}: {fmt.dateTime(props.link.expiresAt, locale)}
      </p>
    </div>
  );
}

/** Open invites (GET /invites): who for, role, showroom, when; a new link or cancel each. */
export function OpenInvites(props: { invites: Loaded<InviteView[]>; onChanged: (msg: string) => void }) {
  const { t, locale, pick } = useI18n();
  const { showroomNames } = useApp();
  const [relinking, setRelinking] = useState<InviteView | null>(null);
  const [cancelling, setCancelling] = useState<InviteView | null>(null);
  const [fresh, setFresh] = useState<InviteLink | null>(null);
  const { data, error, loading, reload } = props.invites;
  const who = (i: InviteView) => i.email ?? `${t.roles[i.role]} · ${fmt.dateTime(i.createdAt, locale)}`;
  const room = (id: string | null) => {
    const s = id ? showroomNames?.find((x) => x.id === id) : null;
    return s ? pick(s.nameZh, s.nameEn) : id ? id.slice(0, 8) : t.allShowrooms;
  };

  return (
    <section class="panel open-invites" aria-labelledby="open-invites-title">
      <header class="panel-head">
        <div>
          <h2 id="open-invites-title">{t.openInvites}</h2>
          <p class="panel-sub">{t.openInvitesHint}</p>
        </div>
      </header>
      {error ? <ErrorNote error={error} onRetry={reload} /> : null}
      {!data && loading ? <Loading /> : null}
      {data && data.length === 0 ? <p class="muted">{t.noOpenInvites}</p> : null}
      {data && data.length ? (
        <TableWrap label={t.openInvites}>
          <table class="table invites">
            <thead>
              <tr>
                <th scope="col">{t.email}</th>
                <th scope="col">{t.role}</th>
                <th scope="col">{t.showroom}</th>
                <th scope="col">{t.createdAt}</th>
                <th scope="col">{t.expiresAt}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {data.map((i) => (
                <tr key={i.id} data-invite={i.id}>
                  <th scope="row">{i.email ?? <span class="muted">{t.anyoneWithLink}</span>}</th>
                  <td>{t.roles[i.role]}</td>
                  <td>{i.role === 'showroom_manager' ? room(i.showroomId) : <span class="muted">{t.allShowrooms}</span>}</td>
                  <td>{fmt.dateTime(i.createdAt, locale)}</td>
                  <td>{fmt.dateTime(i.expiresAt, locale)}</td>
                  <td class="row-actions">
                    <button type="button" class="btn btn-small" aria-label={t.newLinkFor(who(i))} onClick={() => setRelinking(i)}>
                      {t.newLink}
                    </button>
                    <button type="button" class="btn btn-small btn-danger-outline" aria-label={t.cancelInviteFor(who(i))} onClick={() => setCancelling(i)}>
                      {t.cancelInvite}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {fresh ? <InviteLinkBox id="invite-relink" link={fresh} /> : null}
      <ConfirmDialog
        open={relinking !== null}
        title={t.newLinkTitle}
        body={t.newLinkBody}
        confirm={t.newLink}
        onClose={() => setRelinking(null)}
        onConfirm={async () => {
          setFresh(await api<InviteLink>('POST', `/invites/${relinking!.id}/link`));
          reload();
        }}
      />
      <ConfirmDialog
        open={cancelling !== null}
        title={cancelling ? t.cancelInviteTitle(who(cancelling)) : ''}
        body={t.cancelInviteBody}
        confirm={t.cancelInvite}
        danger
        onClose={() => setCancelling(null)}
        onConfirm={async () => {
          await api('DELETE', `/invites/${cancelling!.id}`);
          if (fresh?.id === cancelling!.id) setFresh(null);
          reload();
          props.onChanged(t.inviteCancelled);
        }}
      />
    </section>
  );
}
