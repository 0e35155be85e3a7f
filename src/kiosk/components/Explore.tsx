import { useRef, useState } from 'preact/hooks';
import type { KioskConfig } from '../../shared/kiosk-config.ts';
import { elapsedMs, withAnswerMs, type Draft } from '../lib/draft.ts';
import { messages, pick } from '../lib/i18n.ts';
import { speak } from '../lib/speech.ts';
import { Face, Icon } from './Faces.tsx';
import { StepFrame } from './StepFrame.tsx';

type Product = KioskConfig['products'][number];
type Part = Product['parts'][number];

export function ExploreStep(props: { product: Product; draft: Draft; onChange: (d: Draft) => void; onNext: () => void; onBack: () => void }) {
  const { product, draft } = props;
  const t = messages(draft.locale);
  const [open, setOpen] = useState<Part | null>(null);

  const rate = (part: Part, face: 1 | 2 | 3 | 4 | 5, ms: number) => {
    const order = draft.ratingOrder.includes(part.id) ? draft.ratingOrder : [...draft.ratingOrder, part.id];
    props.onChange(withAnswerMs({ ...draft, ratings: { ...draft.ratings, [part.id]: face }, ratingOrder: order }, `rating:${part.id}`, ms));
    setOpen(null);
  };

  return (
    <StepFrame
      locale={draft.locale}
      step="explore"
      prompt={t.explorePrompt}
      onBack={props.onBack}
      onSkip={props.onNext}
      onNext={draft.ratingOrder.length > 0 ? props.onNext : undefined}
      nextLabel={t.exploreDone}
      speakKey={open ? `part-${open.id}` : 'explore'}
      // The open part's question is read by the frame once the Smileyometer is painted (it used to be
      // spoken in the tap's handler and then cut off by the frame's own re-read of the explore prompt).
      speakText={open ? pick(open.prompt, draft.locale) : undefined}
      speakAudio={open ? open.promptAudio?.[draft.locale] : undefined}
    >
      <div class="explore">
        <div class="car-stage">
          <img class="car-picture" src={product.picture} alt={pick(product.name, draft.locale)} width={1200} height={800} />
          {product.parts.map((part) => {
            const rated = draft.ratings[part.id];
            return (
              <button
                type="button"
                class={`hotspot${rated ? ' rated' : ''}`}
                style={{ left: `${part.x}%`, top: `${part.y}%` }}
                aria-label={pick(part.name, draft.locale)}
                onClick={() => setOpen(part)}
              >
                {part.icon ? <img src={part.icon} alt="" width={44} height={44} /> : null}
                {rated ? (
                  <span class="sticker" aria-hidden="true">
                    <Face value={rated} size={30} />
                  </span>
                ) : null}
              </button>
            );
          })}
        </div>
      </div>
      {open ? <Smileyometer part={open} locale={draft.locale} current={draft.ratings[open.id]} onRate={(f, ms) => rate(open, f, ms)} onClose={() => setOpen(null)} /> : null}
    </StepFrame>
  );
}

/** Five faces from awful to brilliant (Read & MacFarlane's Smileyometer). */
export function Smileyometer(props: { part: Part; locale: Draft['locale']; current?: number; onRate: (f: 1 | 2 | 3 | 4 | 5, ms: number) => void; onClose: () => void }) {
  const t = messages(props.locale);
  // When the faces were shown: the answer time says whether the child had time to look.
  const shownAt = useRef(performance.now());
  const prompt = pick(props.part.prompt, props.locale);
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="smiley-title">
      <div class="smiley-card">
        <div class="smiley-head">
          {props.part.icon ? <img src={props.part.icon} alt="" width={96} height={96} /> : null}
          <h2 id="smiley-title">{prompt}</h2>
          <button type="button" class="round-button replay" aria-label={t.replay} onClick={() => speak(prompt, props.locale, props.part.promptAudio?.[props.locale])}>
            <Icon name="speaker" />
          </button>
        </div>
        <div class="faces" role="group" aria-label={prompt}>
          {([1, 2, 3, 4, 5] as const).map((f) => (
            <button type="button" class="face-button" aria-pressed={props.current === f} aria-label={t.faces[f - 1]} onClick={() => props.onRate(f, elapsedMs(shownAt.current))}>
              <Face value={f} size={110} />
              <span class="face-label">{t.faces[f - 1]}</span>
            </button>
          ))}
        </div>
        <button type="button" class="nav-button back" onClick={props.onClose}>
          {t.back}
        </button>
      </div>
    </div>
  );
}
