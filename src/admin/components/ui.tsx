import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError } from '../lib/api.ts';
import { useI18n, type Messages } from '../lib/i18n.ts';

export function errorText(e: unknown, t: Messages): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t.errorNetwork;
    if (e.status === 403) return `${t.errorForbidden} (${e.message})`;
    return e.message || t.errorGeneric;
  }
  return t.errorGeneric;
}

export function PageHeader(props: { title: string; sub?: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <header class="page-header">
      <div>
        <h1 id="page-title" tabIndex={-1}>
          {props.title}
        </h1>
        {props.sub ? <p class="page-sub">{props.sub}</p> : null}
      </div>
      {props.actions ? <div class="page-actions">{props.actions}</div> : null}
    </header>
  );
}

export function ErrorNote(props: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div class="note note-error" role="alert">
      <span>{errorText(props.error, t)}</span>
      {props.onRetry ? (
        <button type="button" class="btn btn-small" onClick={props.onRetry}>
          {t.retry}
        </button>
      ) : null}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="loading-line" role="status">
      <span class="spinner" aria-hidden="true" />
      {t.loading}
    </p>
  );
}

/** A polite status line that clears itself. */
export function useFlash(): [string | null, (msg: string) => void, JSX.Element] {
  const [msg, setMsg] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flash = (m: string) => {
    setMsg(m);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMsg(null), 4000);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  const el = (
    <p class={`flash${msg ? ' flash-on' : ''}`} role="status" aria-live="polite">
      {msg ?? ''}
    </p>
  );
  return [msg, flash, el];
}

export function Field(props: { label: string; hint?: string; children: (id: string, describedBy?: string) => JSX.Element; class?: string }) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  return (
    <div class={`field ${props.class ?? ''}`}>
      <label for={id}>{props.label}</label>
      {props.children(id, hintId)}
      {props.hint ? (
        <span class="hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
    </div>
  );
}

/** A table that may scroll sideways: focusable, so keyboard users can scroll it too. */
export function TableWrap(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={props.label}>
      {props.children}
    </div>
  );
}

export function Badge(props: { tone?: 'violet' | 'sun' | 'green' | 'red' | 'grey'; children: ComponentChildren; class?: string }) {
  return <span class={`badge badge-${props.tone ?? 'grey'} ${props.class ?? ''}`}>{props.children}</span>;
}

/** A modal dialog (the native <dialog>: focus trap, Escape to close). */
export function Dialog(props: { open: boolean; title: string; onClose: () => void; children: ComponentChildren; wide?: boolean; class?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      class={`dialog${props.wide ? ' dialog-wide' : ''} ${props.class ?? ''}`}
      aria-labelledby={titleId}
      onClose={() => props.open && props.onClose()}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      {props.open ? (
        <>
          <h2 id={titleId}>{props.title}</h2>
          {props.children}
        </>
      ) : null}
    </dialog>
  );
}

/** Cancel and submit at the foot of a dialog's form. */
export function FormActions(props: { cancel: string; submit: string; busy: boolean; onCancel: () => void }) {
  return (
    <div class="dialog-actions">
      <button type="button" class="btn" onClick={props.onCancel}>
        {props.cancel}
      </button>
      <button type="submit" class="btn btn-primary" disabled={props.busy}>
        {props.submit}
      </button>
    </div>
  );
}

export function ConfirmDialog(props: { open: boolean; title: string; body: string; confirm: string; danger?: boolean; onConfirm: () => void | Promise<void>; onClose: () => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  return (
    <Dialog open={props.open} title={props.title} onClose={props.onClose}>
      <p>{props.body}</p>
      {err ? <ErrorNote error={err} /> : null}
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={props.onClose}>
          {t.cancel}
        </button>
        <button
          type="button"
          class={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`}
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setErr(null);
            try {
              await props.onConfirm();
              props.onClose();
            } catch (e) {
              setErr(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          {props.confirm}
        </button>
      </div>
    </Dialog>
  );
}

export function Pager(props: { page: number; pages: number; onPage: (p: number) => void }) {
  const { t } = useI18n();
  if (props.pages <= 1) return null;
  return (
    <nav class="pager" aria-label={t.pageOf(props.page, props.pages)}>
      <button type="button" class="btn btn-small" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
        ← {t.previous}
      </button>
      <span>{t.pageOf(props.page, props.pages)}</span>
      <button type="button" class="btn btn-small" disabled={props.page >= props.pages} onClick={() => props.onPage(props.page + 1)}>
        {t.next} →
      </button>
    </nav>
  );
}

/** Runs an async action with a busy flag and an error. */
export function useAction(): { busy: boolean; error: unknown; run: <T>(fn: () => Promise<T>) => Promise<T | undefined>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return {
    busy,
    error,
    clear: () => setError(null),
    async run(fn) {
      setBusy(true);
      setError(null);
      try {
        return await fn();
      } catch (e) {
        setError(e);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
  };
}

/** The "what does this page measure" note at the top of an insight page. */
export function Explainer(props: { titleId: string; title: string; children: ComponentChildren }) {
  return (
    <aside class="explainer" aria-labelledby={props.titleId}>
      <svg viewBox="0 0 24 24" class="explainer-icon" aria-hidden="true">
        <circle cx="12" cy="12" r="10" />
        <path d="M12 11v6M12 7.5v.5" />
      </svg>
      <div>
        <h2 id={props.titleId}>{props.title}</h2>
        {props.children}
      </div>
    </aside>
  );
}
