import { messages, type Locale } from '../lib/i18n.ts';

export function Attract({ locale, pictures, onStart }: { locale: Locale; pictures: string[]; onStart: () => void }) {
  const t = messages(locale);
  const other = messages(locale === 'en' ? 'zh-CN' : 'en');
  return (
    <button type="button" class="attract" onClick={onStart}>
      <div class="attract-cars" aria-hidden="true">
        {pictures.slice(0, 2).map((src) => (
          <img src={src} alt="" width={480} height={320} />
        ))}
      </div>
      <h1 class="attract-title">{t.attractTitle}</h1>
      <p class="attract-sub">{other.attractTitle}</p>
      <p class="attract-tap">
        <span class="pulse" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="40" height="40" fill="#ffc53d" stroke="#2b2340" stroke-width="1.6" stroke-linejoin="round">
            <path d="M9 11V4.5a1.5 1.5 0 013 0V10h.5V8.5a1.5 1.5 0 013 0V10h.5V9.5a1.5 1.5 0 013 0V15a6 6 0 01-6 6h-1a6 6 0 01-5-2.7L4.3 14a1.5 1.5 0 012.4-1.8L9 14.5z" />
          </svg>
        </span>{' '}
        {t.attractTap}
      </p>
    </button>
  );
}
