import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n } from '../lib/i18n.ts';
import { Dialog, ErrorNote, Field, useAction } from './ui.tsx';

/** Asks for the required reason and rejects with it: one idea, a selection, or a whole cluster. */
export function RejectDialog(props: {
  open: boolean;
  title?: string;
  body?: ComponentChildren;
  confirm?: string;
  onClose: () => void;
  onReject: (reason: string) => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const act = useAction();
  return (
    <Dialog open={props.open} title={props.title ?? t.reject} onClose={props.onClose}>
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!reason.trim()) return;
          const ok = await act.run(async () => {
            await props.onReject(reason.trim());
            return true;
          });
          if (ok) {
            setReason('');
            props.onClose();
          }
        }}
      >
        {props.body}
        <Field label={t.rejectReason} hint={t.reasonRequired}>
          {(id, hint) => <input id={id} required maxLength={300} aria-describedby={hint} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
        </Field>
        {act.error ? <ErrorNote error={act.error} /> : null}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={props.onClose}>
            {t.cancel}
          </button>
          <button type="submit" class="btn btn-danger" disabled={act.busy || !reason.trim()}>
            {props.confirm ?? t.reject}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
