import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { messages, NUMBER_WORDS, type Locale } from '../lib/i18n.ts';

const HOLD_MS = 3_000;

/**
 * A parental gate: hold for three seconds, then tap the number that is written out in words.
 * A child tapping around cannot hold still that long, and cannot read the number.
 */
export function Gate({ locale, onPass, onCancel }: { locale: Locale; onPass: () => void; onCancel: () => void }) {
  const t = messages(locale);
  const [phase, setPhase] = useState<'hold' | 'question'>('hold');
  const [progress, setProgress] = useState(0);
  const [wrong, setWrong] = useState(false);
  const holdStart = useRef<number | null>(null);
  const raf = useRef<number>(0);

  const question = useMemo(() => {
    const target = 11 + Math.floor(Math.random() * 9); // 11–19: two digits, written as a word
    const options = new Set<number>([target]);
    while (options.size < 4) options.add(10 + Math.floor(Math.random() * 10));
    return { target, options: [...options].sort(() => Math.random() - 0.5) };
  }, [phase, wrong]);

  useEffect(() => () => cancelAnimationFrame(raf.current), []);

  const startHold = (e: Event) => {
    e.preventDefault();
    holdStart.current = performance.now();
    const tick = () => {
      if (holdStart.current === null) return;
      const p = Math.min(1, (performance.now() - holdStart.current) / HOLD_MS);
      setProgress(p);
      if (p >= 1) {
        holdStart.current = null;
        setPhase('question');
        return;
      }
      raf.current = requestAnimationFrame(tick);
    };
    raf.current = requestAnimationFrame(tick);
  };
  const endHold = () => {
    holdStart.current = null;
    cancelAnimationFrame(raf.current);
    setProgress(0);
  };

  const answer = (n: number) => {
    if (n === question.target) onPass();
    else {
      setWrong(true);
      setPhase('hold');
      setProgress(0);
    }
  };

  return (
    <section class="gate" aria-labelledby="gate-title">
      <img class="gate-picture" src="icon.svg" alt="" width={120} height={120} />
      <h1 id="gate-title">{t.gateTitle}</h1>
      {wrong ? <p class="gate-wrong" role="alert">{t.gateWrong}</p> : null}
      {phase === 'hold' ? (
        <>
          <p class="gate-instruction">{t.gateHold}</p>
          <button
            type="button"
            class="hold-button"
            aria-label={t.gateHold}
            onPointerDown={startHold}
            onPointerUp={endHold}
            onPointerLeave={endHold}
            onPointerCancel={endHold}
            onContextMenu={(e) => e.preventDefault()}
          >
            <svg viewBox="0 0 100 100" width="180" height="180" aria-hidden="true">
              <circle cx="50" cy="50" r="44" fill="#fff" stroke="#d9d4f5" stroke-width="10" />
              <circle cx="50" cy="50" r="44" fill="none" stroke="#6e56cf" stroke-width="10" stroke-dasharray={`${progress * 276.5} 276.5`} transform="rotate(-90 50 50)" />
            </svg>
            <span class="hold-label">{progress > 0 ? t.gateHolding : '3s'}</span>
          </button>
        </>
      ) : (
        <>
          <p class="gate-instruction" id="gate-question">{t.gateQuestion(NUMBER_WORDS[locale][question.target]!)}</p>
          <div class="gate-options" role="group" aria-labelledby="gate-question">
            {question.options.map((n) => (
              <button type="button" class="gate-option" onClick={() => answer(n)}>
                {n}
              </button>
            ))}
          </div>
        </>
      )}
      <button type="button" class="nav-button back gate-cancel" onClick={onCancel}>
        {t.back}
      </button>
    </section>
  );
}
