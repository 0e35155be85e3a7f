import { useState } from 'preact/hooks';
import { Badge, ConfirmDialog, ErrorNote, Field, Loading, PageHeader, useAction, useFlash, TableWrap } from '../components/ui.tsx';
import { InviteLinkBox, OpenInvites } from '../components/OpenInvites.tsx';
import { api } from '../lib/api.ts';
import { useApp } from '../lib/app-context.ts';
import * as fmt from '../lib/format.ts';
import { useLoad } from '../lib/hooks.ts';
import { useI18n } from '../lib/i18n.ts';
import { ROLES, type InviteInput, type InviteLink, type InviteView, type Role, type StaffRow, type UserPatch } from '../lib/types.ts';

export default function People() {
  const { t, locale, pick } = useI18n();
  const { me, showrooms } = useApp();
  const users = useLoad<StaffRow[]>('/users');
  const [role, setRole] = useState<Role>('analyst');
  const [showroomId, setShowroomId] = useState('');
  const [email, setEmail] = useState('');
  const [link, setLink] = useState<InviteLink | null>(null);
  const invites = useLoad<InviteView[]>('/invites');
  const [disabling, setDisabling] = useState<StaffRow | null>(null);
  const invite = useAction();
  const change = useAction();
  const [, flash, flashEl] = useFlash();
  const rooms = showrooms ?? [];

  const patch = async (u: StaffRow, body: UserPatch) => {
    await change.run(async () => {
      await api('PATCH', `/users/${u.id}`, body);
      flash(t.saved);
    });
    users.reload();
  };

  return (
    <>
      <PageHeader title={t.peopleTitle} />
      {flashEl}
      <div class="people-layout">
        <section class="panel" aria-labelledby="staff-title">
          <header class="panel-head">
            <h2 id="staff-title">{t.staff}</h2>
          </header>
          {change.error ? <ErrorNote error={change.error} /> : null}
          {users.error ? <ErrorNote error={users.error} onRetry={users.reload} /> : null}
          {!users.data && users.loading ? <Loading /> : null}
          {users.data ? (
            <TableWrap label={t.staff}>
              <table class="table people">
                <thead>
                  <tr>
                    <th scope="col">{t.email}</th>
                    <th scope="col">{t.role}</th>
                    <th scope="col">{t.showroom}</th>
                    <th scope="col">{t.accountStatus}</th>
                    <th scope="col">{t.createdAt}</th>
                    <th scope="col">{t.actions}</th>
                  </tr>
                </thead>
                <tbody>
                  {users.data.map((u) => {
                    const self = u.id === me.id;
                    return (
                      <tr key={u.id} class={u.disabled ? 'row-muted' : ''} data-user={u.email}>
                        <th scope="row">
                          {u.email} {self ? <Badge tone="violet">{t.you}</Badge> : null}
                        </th>
                        <td>
                          <select
                            aria-label={t.changeRoleOf(u.email)}
                            value={u.role}
                            disabled={self || change.busy}
                            onChange={(e) => {
                              const r = e.currentTarget.value as Role;
                              if (r === 'showroom_manager' && !u.showroomId && !rooms[0]) return;
                              void patch(u, r === 'showroom_manager' ? { role: r, showroomId: u.showroomId ?? rooms[0]!.id } : { role: r });
                            }}
                          >
                            {ROLES.map((r) => (
                              <option key={r} value={r}>
                                {t.roles[r]}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          {u.role === 'showroom_manager' ? (
                            <select aria-label={t.showroomOf(u.email)} value={u.showroomId ?? ''} disabled={change.busy} onChange={(e) => void patch(u, { showroomId: e.currentTarget.value })}>
                              {rooms.map((s) => (
                                <option key={s.id} value={s.id}>
                                  {pick(s.nameZh, s.nameEn)}
                                </option>
                              ))}
                            </select>
                          ) : (
                            <span class="muted">{t.allShowrooms}</span>
                          )}
                        </td>
                        <td>{u.disabled ? <Badge tone="red">{t.disabled}</Badge> : <Badge tone="green">{t.enabledLabel}</Badge>}</td>
                        <td>{fmt.date(u.createdAt, locale)}</td>
                        <td class="row-actions">
                          {!self ? (
                            u.disabled ? (
                              <button type="button" class="btn btn-small" aria-label={`${t.enable}: ${u.email}`} onClick={() => void patch(u, { disabled: false })}>
                                {t.enable}
                              </button>
                            ) : (
                              <button type="button" class="btn btn-small btn-danger-outline" aria-label={`${t.disable}: ${u.email}`} onClick={() => setDisabling(u)}>
                                {t.disable}
                              </button>
                            )
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableWrap>
          ) : null}
        </section>
        <section class="panel invite-panel" aria-labelledby="invite-title">
          <header class="panel-head">
            <h2 id="invite-title">{t.inviteSomeone}</h2>
          </header>
          <form
            class="stack"
            onSubmit={async (e) => {
              e.preventDefault();
              const body: InviteInput = role === 'showroom_manager' ? { role, showroomId: showroomId || rooms[0]?.id } : { role };
              if (email.trim()) body.email = email.trim();
              setLink(null);
              const r = await invite.run(() => api<InviteLink>('POST', '/invites', body));
              if (r) {
                setLink(r);
                invites.reload();
              }
            }}
          >
            <fieldset class="role-pick">
              <legend>{t.role}</legend>
              {ROLES.map((r) => (
                <label key={r} class={`role-option${role === r ? ' on' : ''}`}>
                  <input type="radio" name="invite-role" value={r} checked={role === r} onChange={() => setRole(r)} />
                  <span>
                    <strong>{t.roles[r]}</strong>
                    <span class="muted">{t.inviteRoleHint[r]}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            {role === 'showroom_manager' ? (
              <Field label={t.showroom}>
                {(id) => (
                  <select id={id} value={showroomId || rooms[0]?.id || ''} onChange={(e) => setShowroomId(e.currentTarget.value)}>
                    {rooms.map((s) => (
                      <option key={s.id} value={s.id}>
                        {pick(s.nameZh, s.nameEn)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : null}
            <Field label={t.inviteFor} hint={t.inviteForHint}>
              {(id, hint) => <input id={id} type="email" maxLength={320} autoComplete="off" aria-describedby={hint} value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
            </Field>
            {invite.error ? <ErrorNote error={invite.error} /> : null}
            <button type="submit" class="btn btn-primary" disabled={invite.busy}>
              {t.createInvite}
            </button>
          </form>
          {link ? <InviteLinkBox id="invite-link" link={link} /> : null}
        </section>
      </div>
      <OpenInvites invites={invites} onChanged={flash} />
      <ConfirmDialog
        open={disabling !== null}
        title={disabling ? t.disableTitle(disabling.email) : ''}
        body={t.disableBody}
        confirm={t.disable}
        danger
        onClose={() => setDisabling(null)}
        onConfirm={async () => {
          await api('PATCH', `/users/${disabling!.id}`, { disabled: true });
          users.reload();
          flash(t.saved);
        }}
      />
    </>
  );
}
