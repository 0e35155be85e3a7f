import { useEffect, useRef, useState } from 'preact/hooks';
import type { KioskConfig } from '../../shared/kiosk-config.ts';
import { elapsedMs, withAnswerMs, type Draft } from '../lib/draft.ts';
import { messages, pick } from '../lib/i18n.ts';
import { Face } from './Faces.tsx';
import { StepFrame } from './StepFrame.tsx';

type Product = KioskConfig['products'][number];

interface Props {
  product: Product;
  draft: Draft;
  onChange: (d: Draft) => void;
  onNext: () => void;
  onBack: () => void;
}

/** This or that: one pair at a time, two big pictures, one tap. */
export function ThisOrThatStep({ product, draft, onChange, onNext, onBack }: Props) {
  const pairs = product.pairs.slice(0, 3);
  const [index, setIndex] = useState(0);
  // Each pair is its own screen: its answer time counts from when it appeared.
  const shownAt = useRef(performance.now());
  useEffect(() => {
    shownAt.current = performance.now();
  }, [index]);
  const pair = pairs[index];
  if (!pair) {
    queueMicrotask(onNext);
    return null;
  }
  const advance = () => (index + 1 < pairs.length ? setIndex(index + 1) : onNext());
  const goBack = () => (index > 0 ? setIndex(index - 1) : onBack());
  const prompt = pick(pair.prompt, draft.locale);
  return (
    <StepFrame locale={draft.locale} step="thisorthat" prompt={prompt} promptAudio={pair.promptAudio?.[draft.locale]} onBack={goBack} onSkip={advance} speakKey={pair.id}>
      <div class="pair" role="group" aria-label={prompt}>
        {(['a', 'b'] as const).map((side) => (
          <button
            type="button"
            class="pair-side"
            aria-pressed={draft.choices[pair.id] === side}
            onClick={() => {
              onChange(withAnswerMs({ ...draft, choices: { ...draft.choices, [pair.id]: side } }, `choice:${pair.id}`, elapsedMs(shownAt.current)));
              setTimeout(advance, 300);
            }}
          >
            <img src={pair[side].picture} alt="" width={400} height={300} />
            <span class="pair-label">{pick(pair[side].label, draft.locale)}</span>
          </button>
        ))}
      </div>
      <p class="pair-count" aria-hidden="true">
        {pairs.map((_, i) => (i === index ? '●' : '○')).join(' ')}
      </p>
    </StepFrame>
  );
}

/** A light Fun Sorter: tap parts in order of love. No dragging — it fails small hands. */
export function FavouritesStep({ product, draft, onChange, onNext, onBack }: Props) {
  const t = messages(draft.locale);
  const rated = product.parts.filter((p) => draft.ratings[p.id]);
  const shownAt = useRef(performance.now());
  const toggle = (id: string) => {
    const favs = draft.favourites.includes(id) ? draft.favourites.filter((f) => f !== id) : draft.favourites.length < 3 ? [...draft.favourites, id] : draft.favourites;
    onChange(withAnswerMs({ ...draft, favourites: favs }, `fav:${id}`, elapsedMs(shownAt.current)));
  };
  const doneEnough = draft.favourites.length >= Math.min(3, rated.length) && rated.length > 0;
  return (
    <StepFrame
      locale={draft.locale}
      step="favourites"
      prompt={rated.length ? t.favouritesPrompt : t.favouritesNone}
      onBack={onBack}
      onSkip={onNext}
      onNext={doneEnough ? onNext : undefined}
    >
      <ol class="podium" aria-label={t.favouritesPrompt}>
        {[0, 1, 2].map((i) => {
          const part = product.parts.find((p) => p.id === draft.favourites[i]);
          return (
            <li class={`podium-slot rank-${i + 1}`}>
              <span class="podium-rank">{t.rank[i]}</span>
              {part?.icon ? <img src={part.icon} alt={pick(part.name, draft.locale)} width={72} height={72} /> : <span class="podium-empty" aria-hidden="true">?</span>}
            </li>
          );
        })}
      </ol>
      <div class="tile-grid parts" role="group">
        {rated.map((p) => {
          const rank = draft.favourites.indexOf(p.id);
          return (
            <button type="button" class="tile part-tile" aria-pressed={rank >= 0} onClick={() => toggle(p.id)}>
              {p.icon ? <img src={p.icon} alt="" width={88} height={88} /> : null}
              <span class="tile-label">{pick(p.name, draft.locale)}</span>
              {rank >= 0 ? <span class="rank-badge">{rank + 1}</span> : <span class="mini-face"><Face value={draft.ratings[p.id]!} size={28} /></span>}
            </button>
          );
        })}
      </div>
    </StepFrame>
  );
}

/**
 * Would you come again? One tap ends the visit: `onAnswer` gets the finished draft at once (the app
 * stores the visit while the tapped tile shows pressed, then shows the certificate). Later taps on
 * this screen are ignored, so one visit is never queued twice.
 */
export function AgainStep({ draft, onChange, onNext, onBack, onAnswer }: Omit<Props, 'product'> & { onAnswer?: (d: Draft) => void }) {
  const t = messages(draft.locale);
  const answered = useRef(false);
  const options = [
    ['yes', 5],
    ['maybe', 3],
    ['no', 1],
  ] as const;
  return (
    <StepFrame locale={draft.locale} step="again" prompt={t.againPrompt} onBack={onBack} onSkip={onNext}>
      <div class="again" role="group" aria-label={t.againPrompt}>
        {options.map(([value, face]) => (
          <button
            type="button"
            class="again-button"
            aria-pressed={draft.again === value}
            onClick={() => {
              if (answered.current) return;
              answered.current = true;
              const d = { ...draft, again: value };
              onChange(d);
              if (onAnswer) onAnswer(d);
              else setTimeout(onNext, 250);
            }}
          >
            <Face value={face} size={120} />
            <span>{t.again[value]}</span>
          </button>
        ))}
      </div>
    </StepFrame>
  );
}
