import { useEffect, useState } from 'preact/hooks';
import { messages, type Locale } from '../lib/i18n.ts';
import { speakAfterPaint } from '../lib/speech.ts';

export function IdleOverlay({ locale, seconds, onStay, onTimeout }: { locale: Locale; seconds: number; onStay: () => void; onTimeout: () => void }) {
  const t = messages(locale);
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    speakAfterPaint(t.idleTitle, locale);
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = seconds - Math.floor((Date.now() - started) / 1000);
      setLeft(remaining);
      if (remaining <= 0) {
        clearInterval(timer);
        onTimeout();
      }
    }, 250);
    return () => clearInterval(timer);
  }, []);
  return (
    <div class="overlay idle" role="alertdialog" aria-modal="true" aria-labelledby="idle-title">
      <div class="idle-card">
        <h2 id="idle-title">{t.idleTitle}</h2>
        <p class="idle-count" aria-hidden="true">
          {Math.max(0, left)}
        </p>
        <button type="button" class="nav-button primary big" onClick={onStay}>
          {t.idleStay}
        </button>
      </div>
    </div>
  );
}
