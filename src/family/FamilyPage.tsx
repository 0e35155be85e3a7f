import { Face } from '../kiosk/components/Faces.tsx';
import type { TicketView } from '../shared/tickets.ts';
import { drawingToPaths, type DrawingPaths } from './drawing.ts';
import { StickerLayer } from '../shared/StickerLayer.tsx';
import { joinList, publicMessages, type PublicLocale, type PublicMessages } from './i18n.ts';
import { privacyMessages } from './i18n-privacy.ts';
import { Layout, type PublicAssets } from './Layout.tsx';
import type { QrPath } from './qr.ts';

export interface FamilyPageProps {
  view: TicketView;
  locale: PublicLocale;
  assets: PublicAssets;
  qr: QrPath;
  /** /t/<ticket> (relative links keep the page working behind any host name). */
  path: string;
  /** The short privacy notice's operator facts; the notice is left out when absent. */
  privacy?: { contact: string | null; voiceDays: number; ideaDays: number };
}

export function formatDate(iso: string, locale: PublicLocale): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));
}

export function DrawingSvg({ drawing, label, className }: { drawing: DrawingPaths; label: string; className?: string }) {
  return (
    <svg class={className ?? 'drawing'} viewBox={`0 0 ${drawing.width} ${drawing.height}`} role="img" aria-label={label}>
      <rect width={drawing.width} height={drawing.height} fill="#ffffff" />
      {drawing.paths.map((p) => (
        <path d={p.d} fill={p.fill} />
      ))}
      <StickerLayer stickers={drawing.stickers} />
    </svg>
  );
}

export function QrSvg({ qr, label }: { qr: QrPath; label: string }) {
  return (
    <svg class="qr" viewBox={`0 0 ${qr.size} ${qr.size}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={qr.d} fill="#000" />
    </svg>
  );
}

/** "You loved the wheels!": the parts rated 5, favourites first; else the best-rated ones. */
export function lovedSentence(view: TicketView, locale: PublicLocale, t: PublicMessages): string | null {
  if (view.ratings.length === 0) return null;
  const rankOf = new Map(view.favourites.map((f) => [f.partId, f.rank]));
  const best = Math.max(...view.ratings.map((r) => r.face));
  if (best < 3) return null;
  const top = view.ratings
    .filter((r) => r.face === best)
    .sort((a, b) => (rankOf.get(a.partId) ?? 9) - (rankOf.get(b.partId) ?? 9))
    .slice(0, 3)
    .map((r) => (locale === 'en' ? r.name.en.toLowerCase() : r.name['zh-CN']));
  return best === 5 ? t.loved(joinList(top, t)) : t.likedMost(joinList(top, t));
}

function StatusSteps({ status, t }: { status: string; t: PublicMessages }) {
  const steps = ['new', 'heard', 'planned', 'shipped'] as const;
  if (status === 'not_now') {
    return <p class="status-chip not-now">{t.status.not_now}</p>;
  }
  const at = Math.max(0, steps.indexOf(status as (typeof steps)[number]));
  return (
    <ol class="status-steps">
      {steps.map((s, i) => (
        <li class={i < at ? 'done' : i === at ? 'current' : ''} aria-current={i === at ? 'step' : undefined}>
          {t.status[s]}
        </li>
      ))}
    </ol>
  );
}

export function FamilyPage({ view, locale, assets, qr, path, privacy }: FamilyPageProps) {
  const t = publicMessages(locale);
  const pt = privacyMessages(locale);
  const L = (x: { 'zh-CN': string; en: string }) => x[locale];
  const car = L(view.product.name);
  const loved = lovedSentence(view, locale, t);
  const idea = view.idea;
  const drawing = idea?.kind === 'drawing' ? drawingToPaths(idea.drawing) : null;
  const q = `?lang=${encodeURIComponent(locale)}`;
  const other = locale === 'en' ? 'zh-CN' : 'en';
  return (
    <Layout locale={locale} title={t.familyTitle} assets={assets} switchHref={`${path}?lang=${other}`} noindex withScript>
      <article class="card certificate" aria-labelledby="cert-title">
        <div class="badge" aria-hidden="true">
          ★
        </div>
        <p class="kicker">{t.certificate}</p>
        <h1 id="cert-title" class="cert-title">
          {t.certificateOf}
        </h1>
        {view.avatar.picture ? <img class="cert-avatar" src={view.avatar.picture} alt={L(view.avatar.name)} width={112} height={112} /> : null}
        {view.nickname ? <p class="cert-name">{view.nickname}</p> : null}
        <p class="cert-thanks">{t.thanksFor(car)}</p>
        <p class="cert-meta">
          {L(view.showroom.name)} · <time dateTime={view.date}>{formatDate(view.date, locale)}</time>
        </p>
        <div class="cert-ticket">
          <QrSvg qr={qr} label={t.qrLabel} />
          <div>
            <p class="ticket-label">{t.ticketLabel}</p>
            <p class="ticket-code">{view.ticket}</p>
          </div>
        </div>
        <div class="actions no-print">
          <a class="button primary" href={`${path}/certificate.pdf${q}`} download={`little-advisors-${view.ticket}.pdf`}>
            {t.pdf}
          </a>
          <button type="button" class="button" data-print hidden>
            {t.print}
          </button>
        </div>
      </article>

      <section class="card" aria-labelledby="summary-title">
        <h2 id="summary-title">{t.summaryTitle}</h2>
        {loved ? <p class="loved">{loved}</p> : null}
        {view.ratings.length > 0 ? (
          <>
            <h3>{t.ratingsTitle}</h3>
            <ul class="ratings">
              {view.ratings.map((r) => (
                <li>
                  <Face value={r.face as 1 | 2 | 3 | 4 | 5} size={44} />
                  <span class="rating-part">{L(r.name)}</span>
                  <span class="rating-face">{t.faceNames[r.face - 1]}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {view.favourites.length > 0 ? (
          <>
            <h3>{t.favouritesTitle}</h3>
            <ol class="favourites">
              {view.favourites.map((f) => (
                <li>
                  <span class="rank" aria-hidden="true">
                    {f.rank}
                  </span>
                  {L(f.name)}
                </li>
              ))}
            </ol>
          </>
        ) : null}
        {view.choices.length > 0 ? (
          <>
            <h3>{t.choicesTitle}</h3>
            <ul class="choices">
              {view.choices.map((c) => (
                <li>
                  <span class="choice-prompt">{L(c.prompt)}</span> <strong>{L(c.label)}</strong>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {view.again ? (
          <>
            <h3>{t.againTitle}</h3>
            <p>{t.again[view.again as 'yes' | 'maybe' | 'no']?.(car)}</p>
          </>
        ) : null}
      </section>

      <section class="card" aria-labelledby="idea-title">
        <h2 id="idea-title">{t.ideaTitle}</h2>
        {idea ? (
          <>
            <p class="idea-kind">{t.ideaKind[idea.kind as 'drawing' | 'voice' | 'text'] ?? ''}</p>
            {drawing ? <DrawingSvg drawing={drawing} label={t.drawingAlt} /> : null}
            {idea.kind === 'text' && idea.text ? <blockquote class="idea-text">{idea.text}</blockquote> : null}
            {idea.kind === 'voice' ? <p class="note">{t.voiceNote}</p> : null}
            <p class="moderation">
              {idea.moderation === 'approved' && idea.public === false ? pt.approvedPrivate : (t.moderation[idea.moderation as 'pending' | 'approved' | 'rejected'] ?? '')}
            </p>
            <h3>{t.statusLabel}</h3>
            <StatusSteps status={idea.status} t={t} />
            <h3>{t.replyTitle}</h3>
            {idea.reply && idea.reply[locale] ? (
              <blockquote class="reply">{idea.reply[locale]}</blockquote>
            ) : idea.reply ? (
              <blockquote class="reply" lang={other}>
                {idea.reply[other]}
              </blockquote>
            ) : (
              <p class="note">{t.noReply}</p>
            )}
          </>
        ) : (
          <p>{t.noIdea}</p>
        )}
      </section>

      <section class="card no-print" aria-labelledby="data-title">
        <h2 id="data-title">{t.dataTitle}</h2>
        <p>{t.dataText}</p>
        <div class="actions stacked">
          <a class="button" href={`/api/v1/tickets/${view.ticket}/export`} download={`little-advisors-${view.ticket}.json`}>
            {t.downloadJson}
          </a>
          <a class="button danger" href={`${path}/delete${q}`}>
            {t.deleteAll}
          </a>
        </div>
      </section>
      {privacy ? <PrivacyCard view={view} locale={locale} privacy={privacy} /> : null}
      <p class="footer-link no-print">
        <a href={`/heard/${q}`}>{t.boardLink}</a>
      </p>
    </Layout>
  );
}

export function ConfirmDeletePage({ locale, assets, path, ticket }: { locale: PublicLocale; assets: PublicAssets; path: string; ticket: string }) {
  const t = publicMessages(locale);
  const other = locale === 'en' ? 'zh-CN' : 'en';
  return (
    <Layout locale={locale} title={t.confirmTitle} assets={assets} switchHref={`${path}/delete?lang=${other}`} noindex>
      <section class="card confirm" aria-labelledby="confirm-title">
        <h1 id="confirm-title">{t.confirmTitle}</h1>
        <p class="ticket-code small">{ticket}</p>
        <p>{t.confirmText}</p>
        <form method="post" action={`${path}/delete`} class="actions stacked">
          <input type="hidden" name="confirm" value="yes" />
          <input type="hidden" name="lang" value={locale} />
          <button type="submit" class="button danger">
            {t.confirmYes}
          </button>
          <a class="button" href={`${path}?lang=${locale}`}>
            {t.confirmNo}
          </a>
        </form>
      </section>
    </Layout>
  );
}

export type MessageKind = 'deleted' | 'notFound' | 'malformed' | 'rateLimited' | 'pageNotFound' | 'badRequest' | 'error';

/** A friendly page for everything that is not the family page itself. */
export function MessagePage({ kind, locale, assets, switchHref, codeForm }: { kind: MessageKind; locale: PublicLocale; assets: PublicAssets; switchHref: string; codeForm: boolean }) {
  const t = publicMessages(locale);
  const [title, text] = {
    deleted: [t.deletedTitle, t.deletedText],
    notFound: [t.notFoundTitle, t.notFoundText],
    malformed: [t.malformedTitle, t.malformedText],
    rateLimited: [t.rateLimitedTitle, t.rateLimitedText],
    pageNotFound: [t.pageNotFoundTitle, t.badRequestText],
    badRequest: [t.badRequestTitle, t.badRequestText],
    error: [t.errorTitle, t.errorText],
  }[kind];
  return (
    <Layout locale={locale} title={title} assets={assets} switchHref={switchHref} noindex>
      <section class={`card message ${kind}`} aria-labelledby="message-title">
        <div class="message-icon" aria-hidden="true">
          {kind === 'deleted' ? '✓' : kind === 'rateLimited' ? '⏳' : '?'}
        </div>
        <h1 id="message-title">{title}</h1>
        <p>{text}</p>
        {codeForm ? (
          <form method="get" action="/t/" class="code-form">
            <label for="code">{t.codeLabel}</label>
            <div class="code-row">
              <input id="code" name="code" type="text" inputMode="text" autoComplete="off" autoCapitalize="characters" spellcheck={false} maxLength={20} placeholder="K7Q2M-9XFD4" required />
              <input type="hidden" name="lang" value={locale} />
              <button type="submit" class="button primary">
                {t.open}
              </button>
            </div>
          </form>
        ) : null}
      </section>
      <p class="footer-link">
        <a href={`/heard/?lang=${locale}`}>{t.boardLink}</a>
      </p>
    </Layout>
  );
}

function PrivacyCard({ view, locale, privacy }: { view: TicketView; locale: PublicLocale; privacy: NonNullable<FamilyPageProps['privacy']> }) {
  const pt = privacyMessages(locale);
  const keys = ['gallery', 'voice', 'nickname'] as const;
  return (
    <section class="card privacy no-print" aria-labelledby="privacy-title">
      <h2 id="privacy-title">{pt.title}</h2>
      <p>{pt.who}</p>
      <p>{pt.kept}</p>
      <h3>{pt.choicesTitle}</h3>
      <ul class="privacy-choices">
        {keys.map((k) => (
          <li>
            {pt.choice[k]}
            {pt.sep}
            <strong>{view.consent[k] ? pt.on : pt.off}</strong>
          </li>
        ))}
      </ul>
      <p>{pt.periods(privacy.voiceDays, privacy.ideaDays)}</p>
      <p>{pt.rights}</p>
      <p class="privacy-contact">{privacy.contact ? pt.contact(privacy.contact) : pt.noContact}</p>
      <p class="note">{pt.version(view.consent.textVersion)}</p>
    </section>
  );
}
