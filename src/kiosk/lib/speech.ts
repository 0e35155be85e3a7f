import type { Locale } from './i18n.ts';
import { afterNextPaint } from './paint.ts';

/**
 * Reads a prompt aloud with the browser's voices, or plays a recorded clip when the
 * catalog provides one. Without voices the kiosk still works: prompts are pictures first.
 */
let current: HTMLAudioElement | null = null;
let muted = false;
/** A prompt waiting for the next frame (speakAfterPaint); a newer prompt or stopSpeaking drops it. */
let queued = 0;

export function setMuted(value: boolean): void {
  muted = value;
  if (muted) stopSpeaking();
}

export function stopSpeaking(): void {
  queued++;
  current?.pause();
  current = null;
  if ('speechSynthesis' in globalThis) speechSynthesis.cancel();
}

export function speak(text: string, locale: Locale, recordedUrl?: string | null): void {
  if (muted || !text) return;
  stopSpeaking();
  if (recordedUrl) {
    current = new Audio(recordedUrl);
    current.play().catch(() => speakSynth(text, locale));
    return;
  }
  speakSynth(text, locale);
}

/**
 * Reads a new screen's prompt once that screen has been painted: requestAnimationFrame, then a
 * task (MessageChannel), so starting the voice (speechSynthesis.speak or an Audio element: a few
 * milliseconds on a slow tablet) never sits between a tap and the frame that answers it. The
 * prompt starts one frame later than it would have, which no one hears.
 */
export function speakAfterPaint(text: string, locale: Locale, recordedUrl?: string | null): void {
  if (muted || !text) return;
  const mine = ++queued;
  const run = () => {
    if (mine === queued) speak(text, locale, recordedUrl);
  };
  afterNextPaint(run);
}

function speakSynth(text: string, locale: Locale): void {
  if (!('speechSynthesis' in globalThis)) return;
  const u = new SpeechSynthesisUtterance(text);
  u.lang = locale === 'zh-CN' ? 'zh-CN' : 'en-GB';
  const voice = speechSynthesis.getVoices().find((v) => v.lang.replace('_', '-').startsWith(locale === 'zh-CN' ? 'zh' : 'en'));
  if (voice) u.voice = voice;
  u.rate = 0.95;
  u.pitch = 1.1;
  speechSynthesis.speak(u);
}

export function hasVoices(): boolean {
  return 'speechSynthesis' in globalThis && speechSynthesis.getVoices().length > 0;
}
