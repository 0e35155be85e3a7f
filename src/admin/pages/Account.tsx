import { useState } from 'preact/hooks';
import { ErrorNote, Field, PageHeader, useAction } from '../components/ui.tsx';
import { api, ApiError } from '../lib/api.ts';
import { useApp } from '../lib/app-context.ts';
import { useI18n } from '../lib/i18n.ts';

export default function Account() {
  const { t, pick } = useI18n();
  const { me, showrooms } = useApp();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const act = useAction();
  const room = me.showroomId ? showrooms?.find((s) => s.id === me.showroomId) : null;
  return (
    <>
      <PageHeader title={t.accountTitle} />
      <div class="account-layout">
        <section class="panel" aria-labelledby="me-title">
          <header class="panel-head">
            <h2 id="me-title">{me.email}</h2>
          </header>
          <dl class="facts">
            <dt>{t.yourRole}</dt>
            <dd>{t.roles[me.role]}</dd>
            {room ? (
              <>
                <dt>{t.yourShowroom}</dt>
                <dd>{pick(room.nameZh, room.nameEn)}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section class="panel" aria-labelledby="pw-title">
          <header class="panel-head">
            <h2 id="pw-title">{t.changePassword}</h2>
          </header>
          <form
            class="stack"
            onSubmit={async (e) => {
              e.preventDefault();
              setDone(false);
              await act.run(async () => {
                if (next.length < 10) throw new ApiError(400, 'client', t.passwordTooShort);
                if (next !== again) throw new ApiError(400, 'client', t.passwordsDiffer);
                try {
                  await api('POST', '/password', { current, next });
                } catch (err) {
                  if (err instanceof ApiError && err.status === 400 && /current/.test(err.message)) throw new ApiError(400, 'client', t.currentWrong);
                  throw err;
                }
                setCurrent('');
                setNext('');
                setAgain('');
                setDone(true);
              });
            }}
          >
            <Field label={t.currentPassword}>
              {(id) => <input id={id} type="password" autoComplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />}
            </Field>
            <Field label={t.newPassword} hint={t.passwordHint}>
              {(id, hint) => <input id={id} type="password" autoComplete="new-password" required minLength={10} aria-describedby={hint} value={next} onInput={(e) => setNext(e.currentTarget.value)} />}
            </Field>
            <Field label={t.confirmPassword}>
              {(id) => <input id={id} type="password" autoComplete="new-password" required value={again} onInput={(e) => setAgain(e.currentTarget.value)} />}
            </Field>
            {act.error ? <ErrorNote error={act.error} /> : null}
            {done ? (
              <p class="note note-ok" role="status">
                {t.passwordChanged}
              </p>
            ) : null}
            <div>
              <button type="submit" class="btn btn-primary" disabled={act.busy}>
                {t.changePassword}
              </button>
            </div>
          </form>
        </section>
      </div>
    </>
  );
}
