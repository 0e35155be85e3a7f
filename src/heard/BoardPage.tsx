import type { BoardIdeaRow, ProductRow } from '../db/repositories/public.repository.ts';
import { drawingToPaths } from '../family/drawing.ts';
import { DrawingSvg } from '../family/FamilyPage.tsx';
import { publicMessages, otherLocale, type PublicLocale } from '../family/i18n.ts';
import { Layout, type PublicAssets } from '../family/Layout.tsx';

export interface BoardProps {
  locale: PublicLocale;
  assets: PublicAssets;
  ideas: BoardIdeaRow[];
  products: ProductRow[];
  model: string | null;
  page: number;
  hasMore: boolean;
}

function boardHref(o: { locale: PublicLocale; model: string | null; page: number }): string {
  const q = new URLSearchParams();
  q.set('lang', o.locale);
  if (o.model) q.set('model', o.model);
  if (o.page > 1) q.set('page', String(o.page));
  return `/heard/?${q.toString()}`;
}

function monthOf(d: Date, locale: PublicLocale): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long' }).format(d);
}

/** "You said, we did": approved ideas and the team's replies. No personal data beyond consented nicknames. */
export function BoardPage(p: BoardProps) {
  const t = publicMessages(p.locale);
  const L = (zh: string, en: string) => (p.locale === 'zh-CN' ? zh : en);
  return (
    <Layout locale={p.locale} title={t.boardTitle} assets={p.assets} switchHref={boardHref({ ...p, locale: otherLocale(p.locale) })}>
      <section class="board-head">
        <h1>{t.boardTitle}</h1>
        <p>{t.boardIntro}</p>
      </section>
      <nav class="filters" aria-label={t.filterLabel}>
        <a class="chip" href={boardHref({ locale: p.locale, model: null, page: 1 })} aria-current={p.model === null ? 'page' : undefined}>
          {t.allCars}
        </a>
        {p.products.map((m) => (
          <a class="chip" href={boardHref({ locale: p.locale, model: m.key, page: 1 })} aria-current={p.model === m.key ? 'page' : undefined}>
            {L(m.name_zh, m.name_en)}
          </a>
        ))}
      </nav>
      {p.ideas.length === 0 ? (
        <p class="card empty">{t.emptyBoard}</p>
      ) : (
        <ul class="board" aria-label={p.page > 1 ? t.page(p.page) : t.boardTitle}>
          {p.ideas.map((idea) => {
            const drawing = idea.kind === 'drawing' ? drawingToPaths(idea.drawing) : null;
            const reply = p.locale === 'zh-CN' ? idea.reply_zh || idea.reply_en : idea.reply_en || idea.reply_zh;
            const replyLang = reply === (p.locale === 'zh-CN' ? idea.reply_zh : idea.reply_en) ? undefined : otherLocale(p.locale);
            const status = (t.status as Record<string, string>)[idea.product_status] ?? idea.product_status;
            return (
              <li class="card idea-card">
                <p class="idea-meta">
                  <span class="model">{L(idea.product_name_zh, idea.product_name_en)}</span>
                  <span>{t.ageBand(idea.age_band)}</span>
                  <span>{monthOf(idea.created_at, p.locale)}</span>
                </p>
                {drawing ? (
                  <DrawingSvg drawing={drawing} label={t.drawingAlt} />
                ) : idea.kind === 'drawing' ? (
                  <p class="placeholder">{t.privateDrawing}</p>
                ) : idea.kind === 'voice' ? (
                  <p class="placeholder">{t.voiceIdea}</p>
                ) : (
                  <blockquote class="idea-text">{idea.text}</blockquote>
                )}
                {idea.nickname ? <p class="by">{t.byNickname(idea.nickname)}</p> : null}
                <p class={`status-chip ${idea.product_status}`}>{status}</p>
                {reply ? (
                  <div class="reply-box">
                    <p class="reply-title">{t.replyTitle}</p>
                    <blockquote class="reply" lang={replyLang}>
                      {reply}
                    </blockquote>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <nav class="pager" aria-label={t.page(p.page)}>
        {p.page > 1 ? (
          <a class="button" href={boardHref({ locale: p.locale, model: p.model, page: p.page - 1 })} rel="prev">
            {t.newer}
          </a>
        ) : null}
        {p.hasMore ? (
          <a class="button" href={boardHref({ locale: p.locale, model: p.model, page: p.page + 1 })} rel="next">
            {t.older}
          </a>
        ) : null}
      </nav>
    </Layout>
  );
}
