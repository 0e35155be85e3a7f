import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { otherLocale, publicMessages, type PublicLocale } from './i18n.ts';

/** URLs of the public surfaces' own static files (content-hashed, cached for a year). */
export interface PublicAssets {
  css: string;
  js: string;
}

export interface LayoutProps {
  locale: PublicLocale;
  title: string;
  assets: PublicAssets;
  /** Link to this page in the other language. */
  switchHref: string;
  /** The family page and its errors are private: keep them out of search engines. */
  noindex?: boolean;
  withScript?: boolean;
  children: ComponentChildren;
}

/** The page frame shared by the family page and the board: server-rendered, no inline script or style. */
export function Layout(props: LayoutProps) {
  const t = publicMessages(props.locale);
  const other = otherLocale(props.locale);
  return (
    <html lang={props.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#6e56cf" />
        <meta name="description" content={`${t.brand} · ${props.title}`} />
        {props.noindex ? <meta name="robots" content="noindex, nofollow" /> : null}
        <title>{`${props.title} · ${t.brand}`}</title>
        <link rel="icon" href="/kiosk/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href={props.assets.css} />
        {props.withScript ? <script src={props.assets.js} defer /> : null}
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skip}
        </a>
        <header class="topbar">
          <span class="brand">
            <span class="brand-star" aria-hidden="true">
              ★
            </span>
            {t.brand}
          </span>
          <a class="lang-switch" href={props.switchHref} hreflang={other} lang={other} aria-label={t.otherLanguageLabel}>
            {t.otherLanguage}
          </a>
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

export function renderPage(node: preact.VNode): string {
  return '<!doctype html>' + render(node);
}
