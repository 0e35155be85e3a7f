import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { messages, type Locale } from '../lib/i18n.ts';
import { speak, speakAfterPaint } from '../lib/speech.ts';
import { Icon, Star } from './Faces.tsx';

export const KID_STEPS = ['avatar', 'car', 'explore', 'thisorthat', 'favourites', 'idea', 'again'] as const;
export type KidStep = (typeof KID_STEPS)[number];

/**
 * Every kid screen: a path of stars, one prompt read aloud (with a replay button),
 * and Back and Skip always in the same place.
 */
export function StepFrame(props: {
  locale: Locale;
  step: KidStep;
  prompt: string;
  promptAudio?: string | null;
  onBack?: () => void;
  onSkip?: () => void;
  nextLabel?: string;
  onNext?: () => void;
  children: ComponentChildren;
  /** When this changes the screen reads aloud again: `speakText` (with `speakAudio`) if given, else the prompt. */
  speakKey?: string;
  speakText?: string;
  speakAudio?: string | null;
}) {
  const t = messages(props.locale);
  const index = KID_STEPS.indexOf(props.step);
  // Read aloud once the screen is painted, not between the tap and the frame (lib/speech.ts).
  useEffect(() => {
    if (props.speakText !== undefined) speakAfterPaint(props.speakText, props.locale, props.speakAudio);
    else speakAfterPaint(props.prompt, props.locale, props.promptAudio);
  }, [props.speakKey ?? props.prompt]);

  return (
    <section class={`step step-${props.step}`} aria-labelledby="prompt">
      <header class="step-header">
        <ol class="stars" aria-label={t.stepOf(index + 1, KID_STEPS.length)}>
          {KID_STEPS.map((s, i) => (
            <li key={s} class={i === index ? 'current' : ''}>
              <Star filled={i <= index} size={i === index ? 44 : 32} />
            </li>
          ))}
        </ol>
        <div class="prompt-row">
          <h1 id="prompt" class="prompt">
            {props.prompt}
          </h1>
          <button type="button" class="round-button replay" aria-label={t.replay} onClick={() => speak(props.prompt, props.locale, props.promptAudio)}>
            <Icon name="speaker" />
          </button>
        </div>
      </header>
      <div class="step-body">{props.children}</div>
      <footer class="step-footer">
        {props.onBack ? (
          <button type="button" class="nav-button back" onClick={props.onBack} aria-label={t.back}>
            <Icon name="back" />
            <span>{t.back}</span>
          </button>
        ) : (
          <span />
        )}
        {props.onNext ? (
          <button type="button" class="nav-button next primary" onClick={props.onNext}>
            <span>{props.nextLabel ?? t.next}</span>
            <Icon name="next" />
          </button>
        ) : null}
        {props.onSkip ? (
          <button type="button" class="nav-button skip" onClick={props.onSkip} aria-label={t.skip}>
            <span>{t.skip}</span>
            <Icon name="skip" />
          </button>
        ) : (
          <span />
        )}
      </footer>
    </section>
  );
}
