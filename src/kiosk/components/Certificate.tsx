import { useEffect, useState } from 'preact/hooks';
import type { KioskConfig } from '../../shared/kiosk-config.ts';
import type { Draft } from '../lib/draft.ts';
import { messages, pick } from '../lib/i18n.ts';
import { speakAfterPaint } from '../lib/speech.ts';
import { whenIdle } from '../lib/warm.ts';
import { Icon } from './Faces.tsx';

/** The QR library's chunk: fetched while the attract screen idles (App), then at once from the module map. */
export function preloadQr(): void {
  whenIdle(() => void import('qrcode-generator').catch(() => {}));
}

/** The QR library is not in the first load: the certificate is its only user. */
function QrCode({ text, label }: { text: string; label: string }) {
  const [path, setPath] = useState<{ d: string; size: number } | null>(null);
  useEffect(() => {
    let alive = true;
    // After the certificate's first frame (drawing the code is the heaviest work on this screen).
    const qrLib = new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))).then(() => import('qrcode-generator'));
    qrLib.then(({ default: qrcode }) => {
      const qr = qrcode(0, 'M');
      qr.addData(text);
      qr.make();
      const n = qr.getModuleCount();
      let d = '';
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
      if (alive) setPath({ d, size: n + 8 });
    });
    return () => {
      alive = false;
    };
  }, [text]);
  if (!path) return <div class="qr placeholder" aria-busy="true" />;
  return (
    <svg class="qr" viewBox={`0 0 ${path.size} ${path.size}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={path.size} height={path.size} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}

export function Certificate(props: { config: KioskConfig; draft: Draft; ticket: string | null; onFinish: () => void }) {
  const { config, draft, ticket } = props;
  const t = messages(draft.locale);
  const avatar = config.avatars.find((a) => a.key === draft.avatar);
  const date = new Date().toLocaleDateString(draft.locale, { year: 'numeric', month: 'long', day: 'numeric' });
  const link = ticket ? `${config.publicUrl}/t/${ticket}` : null;
  useEffect(() => speakAfterPaint(t.thanksTitle, draft.locale), []);
  return (
    <section class="thanks" aria-labelledby="thanks-title">
      <h1 id="thanks-title" class="thanks-title">
        {t.thanksTitle}
      </h1>
      <article class="certificate" aria-label={t.certificate}>
        <div class="badge" aria-hidden="true">
          ★
        </div>
        <p class="cert-kicker">{t.certificate}</p>
        <h2 class="cert-title">{t.certificateOf}</h2>
        {avatar ? <img class="cert-avatar" src={avatar.picture} alt={pick(avatar.name, draft.locale)} width={140} height={140} /> : null}
        {draft.consent.nickname && draft.nickname.trim() ? <p class="cert-name">{draft.nickname.trim()}</p> : null}
        <p class="cert-meta">
          {pick(config.showroom.name, draft.locale)} · {date}
        </p>
        <div class="cert-ticket">
          {link ? (
            <>
              <QrCode text={link} label={t.scanMe} />
              <div>
                <p class="ticket-label">{t.ticketLabel}</p>
                <p class="ticket-code" data-ticket={ticket}>
                  {ticket}
                </p>
                <p class="ticket-hint">{t.scanMe}</p>
              </div>
            </>
          ) : (
            <p class="ticket-hint">{t.ticketLater}</p>
          )}
        </div>
      </article>
      <div class="thanks-actions">
        <button type="button" class="nav-button" onClick={() => window.print()}>
          <Icon name="print" />
          {t.print}
        </button>
        <button type="button" class="nav-button primary" onClick={props.onFinish}>
          <Icon name="check" />
          {t.finish}
        </button>
      </div>
    </section>
  );
}
