import type { KioskConfig } from '../../shared/kiosk-config.ts';
import type { Draft } from '../lib/draft.ts';
import { messages, pick } from '../lib/i18n.ts';
import { StepFrame } from './StepFrame.tsx';

interface StepProps {
  config: KioskConfig;
  draft: Draft;
  onChange: (d: Draft) => void;
  onNext: () => void;
  onBack: () => void;
}

export function AvatarStep({ config, draft, onChange, onNext, onBack }: StepProps) {
  const t = messages(draft.locale);
  return (
    <StepFrame locale={draft.locale} step="avatar" prompt={t.avatarPrompt} onBack={onBack} onSkip={onNext}>
      <div class="tile-grid avatars" role="group" aria-label={t.avatarPrompt}>
        {config.avatars.map((a) => (
          <button
            type="button"
            class="tile"
            aria-pressed={draft.avatar === a.key}
            aria-label={pick(a.name, draft.locale)}
            onClick={() => {
              onChange({ ...draft, avatar: a.key });
              setTimeout(onNext, 250);
            }}
          >
            <img src={a.picture} alt="" width={140} height={140} />
          </button>
        ))}
      </div>
    </StepFrame>
  );
}

export function CarStep({ config, draft, onChange, onNext, onBack }: StepProps) {
  const t = messages(draft.locale);
  return (
    <StepFrame locale={draft.locale} step="car" prompt={t.carPrompt} onBack={onBack}>
      <div class="car-choice" role="group" aria-label={t.carPrompt}>
        {config.products.map((p) => (
          <button
            type="button"
            class="car-card"
            aria-pressed={draft.productId === p.id}
            onClick={() => {
              // A different car means different parts: answers about the other car no longer apply.
              const same = draft.productId === p.id;
              onChange(same ? draft : { ...draft, productId: p.id, ratings: {}, ratingOrder: [], choices: {}, favourites: [], answerMs: {} });
              onNext();
            }}
          >
            <img src={p.picture} alt="" width={480} height={320} />
            <span class="car-name">{pick(p.name, draft.locale)}</span>
          </button>
        ))}
      </div>
    </StepFrame>
  );
}
