import { useState } from 'preact/hooks';
import type { KioskConfig } from '../../shared/kiosk-config.ts';
import { VISIT_LIMITS } from '../../shared/limits.ts';
import { cleanNickname } from '../../shared/invisible.ts';
import type { Draft } from '../lib/draft.ts';
import { messages, pick, type Locale } from '../lib/i18n.ts';

type ConsentKey = keyof Draft['consent'];

/** The grown-up's card: what is collected, three permissions that start OFF, age band, language. */
export function Consent(props: {
  config: KioskConfig;
  draft: Draft;
  onChange: (d: Draft) => void;
  onAgree: () => void;
  onCancel: () => void;
}) {
  const { draft, config } = props;
  const t = messages(draft.locale);
  const [tried, setTried] = useState(false);
  const toggle = (key: ConsentKey) => props.onChange({ ...draft, consent: { ...draft.consent, [key]: !draft.consent[key] } });
  // The words of the version the visit will record, so what the grown-up reads is what it agreed to.
  const words = config.consent.toggles;
  const toggles: Array<[ConsentKey, string]> = [
    ['gallery', words ? pick(words.gallery, draft.locale) : t.consentGallery],
    ['voice', words ? pick(words.voice, draft.locale) : t.consentVoice],
    ['nickname', words ? pick(words.nickname, draft.locale) : t.consentNickname],
  ];
  const contact = config.consent.contact;
  return (
    <section class="consent" aria-labelledby="consent-title">
      <h1 id="consent-title">{t.consentTitle}</h1>
      <div class="consent-grid">
        <div class="consent-text">
          {pick(config.consent.text, draft.locale)
            .split(/\n+/)
            .map((para) => (
              <p>{para}</p>
            ))}
          <p class="consent-privacy">
            <strong>{t.privacyTitle}</strong>
            <span>{contact ? t.privacyContact(contact) : t.privacyNoContact}</span>
            <span>{t.privacyVersion(config.consent.textVersion)}</span>
          </p>
        </div>
        <div class="consent-controls">
          <fieldset>
            <legend>{t.consentLanguage}</legend>
            <div class="segmented">
              {(['zh-CN', 'en'] as Locale[]).map((l) => (
                <button type="button" aria-pressed={draft.locale === l} onClick={() => props.onChange({ ...draft, locale: l })} lang={l}>
                  {messages(l).languageName}
                </button>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t.consentAge}</legend>
            <div class="segmented">
              {(['4-6', '7-9', '10-12'] as const).map((band) => (
                <button type="button" aria-pressed={draft.ageBand === band} onClick={() => props.onChange({ ...draft, ageBand: band })}>
                  {band}
                </button>
              ))}
            </div>
          </fieldset>
          {/* Equal weight: one grid row height for all three, none pre-selected (e2e/kiosk.consent.test.ts). */}
          <div class="consent-toggles">
            {toggles.map(([key, label]) => (
              <label class="switch">
                <input type="checkbox" role="switch" name={`consent-${key}`} checked={draft.consent[key]} onChange={() => toggle(key)} />
                <span class="switch-track" aria-hidden="true" />
                <span class="switch-label">{label}</span>
              </label>
            ))}
          </div>
          <label class="nickname">
            <span>{t.consentNicknameLabel}</span>
            <input
              type="text"
              maxLength={VISIT_LIMITS.nicknameMax}
              autocomplete="off"
              spellcheck={false}
              value={draft.nickname}
              onInput={(e) => props.onChange({ ...draft, nickname: cleanNickname((e.currentTarget as HTMLInputElement).value, VISIT_LIMITS.nicknameMax) })}
            />
          </label>
        </div>
      </div>
      {tried && !draft.ageBand ? <p class="consent-error" role="alert">{t.consentPickAge}</p> : null}
      <div class="consent-actions">
        <button type="button" class="nav-button back" onClick={props.onCancel}>
          {t.back}
        </button>
        <button
          type="button"
          class="nav-button primary"
          aria-disabled={!draft.ageBand}
          onClick={() => {
            setTried(true);
            if (draft.ageBand) props.onAgree();
          }}
        >
          {t.consentAgree}
        </button>
      </div>
    </section>
  );
}

export function HandOver({ locale, onContinue }: { locale: Locale; onContinue: () => void }) {
  const t = messages(locale);
  return (
    <button type="button" class="handover" onClick={onContinue}>
      <img class="handover-picture" src="icon.svg" alt="" width={160} height={160} />
      <span class="handover-text">{t.handOver}</span>
      <span class="nav-button primary">{t.next}</span>
    </button>
  );
}
