import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorNote, Field } from '../components/ui.tsx';
import { api, ApiError } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.ts';
import type { Me } from '../lib/types.ts';

function AuthFrame(props: { title: string; intro: string; switcher: JSX.Element; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <main class="auth-page" id="main">
      <div class="auth-switch">{props.switcher}</div>
      <section class="auth-card" aria-labelledby="auth-title">
        <div class="auth-brand">
          <svg viewBox="0 0 24 24" aria-hidden="true" class="auth-logo">
            <circle cx="12" cy="12" r="11" fill="#ffc53d" />
            <circle cx="8.5" cy="10" r="1.5" fill="#2b2340" />
            <circle cx="15.5" cy="10" r="1.5" fill="#2b2340" />
            <path d="M7.5 14.5c2.5 3 6.5 3 9 0" stroke="#2b2340" stroke-width="1.8" fill="none" stroke-linecap="round" />
          </svg>
          <div>
            <strong>{t.appName}</strong>
            <span>{t.appSub}</span>
          </div>
        </div>
        <h1 id="auth-title">{props.title}</h1>
        <p class="auth-intro">{props.intro}</p>
        {props.children}
      </section>
    </main>
  );
}

export function SignInForm(props: { switcher: JSX.Element; onDone: (me: Me) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <AuthFrame title={t.signInTitle} intro={t.signInIntro} switcher={props.switcher}>
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            props.onDone(await api<Me>('POST', '/session', { email: email.trim(), password }, { quiet401: true }));
          } catch (err) {
            if (err instanceof ApiError && err.status === 401) setError(t.wrongPassword);
            else if (err instanceof ApiError && err.status === 429) setError(t.tooMany((err as ApiError & { retryAfter?: number }).retryAfter ?? 60));
            else if (err instanceof ApiError && err.status === 0) setError(t.errorNetwork);
            else setError(err instanceof Error ? err.message : t.errorGeneric);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Field label={t.email}>{(id) => <input id={id} type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}</Field>
        <Field label={t.password}>
          {(id) => <input id={id} type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
        </Field>
        {error ? (
          <p class="note note-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="btn btn-primary btn-wide" disabled={busy}>
          {busy ? t.signingIn : t.signIn}
        </button>
      </form>
    </AuthFrame>
  );
}

export function InviteForm(props: { token: string; switcher: JSX.Element; onDone: (me: Me) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <AuthFrame title={t.inviteTitle} intro={t.inviteIntro} switcher={props.switcher}>
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          if (password.length < 10) return setError(new ApiError(400, 'client', t.passwordTooShort));
          if (password !== again) return setError(new ApiError(400, 'client', t.passwordsDiffer));
          setBusy(true);
          try {
            props.onDone(await api<Me>('POST', '/invites/accept', { token: props.token, email: email.trim(), password }, { quiet401: true }));
          } catch (err) {
            setError(err instanceof ApiError && err.code === 'invalid_invite' ? new ApiError(400, 'invalid_invite', t.inviteInvalid) : err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Field label={t.email}>{(id) => <input id={id} type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}</Field>
        <Field label={t.newPassword} hint={t.passwordHint}>
          {(id, hint) => (
            <input id={id} type="password" autoComplete="new-password" required minLength={10} aria-describedby={hint} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          )}
        </Field>
        <Field label={t.confirmPassword}>
          {(id) => <input id={id} type="password" autoComplete="new-password" required value={again} onInput={(e) => setAgain(e.currentTarget.value)} />}
        </Field>
        {error ? <ErrorNote error={error} /> : null}
        <button type="submit" class="btn btn-primary btn-wide" disabled={busy}>
          {t.createAccount}
        </button>
        <a class="auth-alt" href="#/">
          {t.haveAccount}
        </a>
      </form>
    </AuthFrame>
  );
}
