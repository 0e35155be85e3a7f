import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asLocale, localeFromAcceptLanguage, type PublicLocale } from '../../../family/i18n.ts';
import { MessagePage, type MessageKind } from '../../../family/FamilyPage.tsx';
import { renderPage, type PublicAssets } from '../../../family/Layout.tsx';
import { ApiError } from '../../errors.ts';

const FAMILY_DIR = fileURLToPath(new URL('../../../family/', import.meta.url));

export interface StaticFile {
  url: string;
  body: Buffer;
  type: string;
}

/** The public pages' CSS and script, served under content-hashed URLs (cached for a year). */
export function publicStaticFiles(): { assets: PublicAssets; files: StaticFile[] } {
  const file = (name: string, ext: string, type: string): StaticFile => {
    const body = readFileSync(FAMILY_DIR + name);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
    return { url: `/public/${name.replace(/\.\w+$/, '')}-${hash}.${ext}`, body, type };
  };
  const css = file('site.css', 'css', 'text/css; charset=utf-8');
  const js = file('print.js', 'js', 'text/javascript; charset=utf-8');
  return { assets: { css: css.url, js: js.url }, files: [css, js] };
}

/** The page's language: ?lang= when given, else the fallback (the visit's), else the browser's. */
export function pageLocale(req: FastifyRequest, fallback?: string | null): PublicLocale {
  const q = (req.query ?? {}) as { lang?: unknown };
  return asLocale(q.lang) ?? asLocale(fallback) ?? localeFromAcceptLanguage(req.headers['accept-language']);
}

export function sendHtml(reply: FastifyReply, status: number, html: string, cache = 'no-store'): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', cache).send(html);
}

/** Same page in the other language: the current path with ?lang= switched. */
export function switchHref(req: FastifyRequest, locale: PublicLocale): string {
  const [path, query = ''] = req.url.split('?');
  const q = new URLSearchParams(query);
  q.set('lang', locale === 'en' ? 'zh-CN' : 'en');
  return `${path}?${q.toString()}`;
}

export function messagePage(req: FastifyRequest, reply: FastifyReply, assets: PublicAssets, status: number, kind: MessageKind, opts: { locale?: PublicLocale; codeForm?: boolean } = {}): FastifyReply {
  const locale = opts.locale ?? pageLocale(req);
  const html = renderPage(MessagePage({ kind, locale, assets, switchHref: switchHref(req, locale), codeForm: opts.codeForm ?? false }));
  if (status === 429) reply.header('retry-after', '60');
  return sendHtml(reply, status, html);
}

/**
 * HTML pages answer errors with friendly pages, not JSON: a bad query string, a rate limit,
 * an unknown path under the page's prefix, or a failure on our side.
 */
export function installHtmlErrors(app: FastifyInstance, assets: PublicAssets, codeForm: boolean): void {
  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    const status = err instanceof ApiError ? err.statusCode : (err.statusCode ?? 500);
    if (status >= 500) req.log.error({ err: { message: err.message, code: err.code } }, 'page failed');
    const kind: MessageKind = status === 429 ? 'rateLimited' : status === 404 ? 'pageNotFound' : status === 410 ? 'deleted' : status >= 500 ? 'error' : 'badRequest';
    // A validation error must not stop the page from being drawn in a language: ignore a bad ?lang=.
    const locale = localeFromAcceptLanguage(req.headers['accept-language']);
    return messagePage(req, reply, assets, status >= 400 && status < 600 ? status : 500, kind, { locale: asLocale((req.query as { lang?: unknown } | undefined)?.lang) ?? locale, codeForm });
  });
  app.setNotFoundHandler((req, reply) => messagePage(req, reply, assets, 404, 'pageNotFound', { codeForm }));
}
