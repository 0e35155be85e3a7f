import { useEffect, useRef, useState } from 'preact/hooks';
import { VISIT_LIMITS } from '../../shared/limits.ts';
import { messages } from '../lib/i18n.ts';
import { stopSpeaking } from '../lib/speech.ts';
import { Icon } from './Faces.tsx';
import type { IdeaEditorProps } from './Idea.tsx';

const MIME_CHOICES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4'];

function toBase64(buf: ArrayBuffer): string {
  let s = '';
  const bytes = new Uint8Array(buf);
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Hold to talk (≤ 30 s), a visible timer, play back, redo. Only offered when the grown-up allowed voice. */
export function VoiceRecorder({ draft, onDone }: IdeaEditorProps) {
  const t = messages(draft.locale);
  const [state, setState] = useState<'idle' | 'recording' | 'recorded' | 'error'>('idle');
  const [elapsed, setElapsed] = useState(0);
  const [clip, setClip] = useState<{ blob: Blob; url: string; ms: number } | null>(null);
  const rec = useRef<MediaRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const started = useRef(0);
  const timer = useRef<number>(0);

  useEffect(
    () => () => {
      clearInterval(timer.current);
      stream.current?.getTracks().forEach((tr) => tr.stop());
      if (clip) URL.revokeObjectURL(clip.url);
    },
    [],
  );

  const start = async (e: Event) => {
    e.preventDefault();
    stopSpeaking();
    try {
      stream.current ??= await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      setState('error');
      return;
    }
    const mimeType = MIME_CHOICES.find((m) => MediaRecorder.isTypeSupported(m));
    const r = new MediaRecorder(stream.current, { ...(mimeType ? { mimeType } : {}), audioBitsPerSecond: 32_000 });
    const chunks: Blob[] = [];
    r.ondataavailable = (ev) => ev.data.size && chunks.push(ev.data);
    r.onstop = () => {
      clearInterval(timer.current);
      const ms = Math.min(VISIT_LIMITS.voiceMaxMs, Math.round(performance.now() - started.current));
      const blob = new Blob(chunks, { type: (r.mimeType || 'audio/webm').split(';')[0] });
      if (clip) URL.revokeObjectURL(clip.url);
      setClip({ blob, url: URL.createObjectURL(blob), ms: Math.max(1, ms) });
      setState('recorded');
    };
    rec.current = r;
    started.current = performance.now();
    setElapsed(0);
    r.start(250);
    setState('recording');
    timer.current = window.setInterval(() => {
      const ms = performance.now() - started.current;
      setElapsed(ms);
      if (ms >= VISIT_LIMITS.voiceMaxMs - 200) stop();
    }, 200);
  };
  const stop = () => {
    if (rec.current?.state === 'recording') rec.current.stop();
  };
  const save = async () => {
    if (!clip) return onDone(null);
    const buf = await clip.blob.arrayBuffer();
    if (buf.byteLength > VISIT_LIMITS.voiceMaxBytes) return setState('error');
    onDone({ kind: 'voice', mime: clip.blob.type as 'audio/webm', durationMs: clip.ms, audio: toBase64(buf) });
  };

  if (state === 'error') return <p class="voice-error" role="alert">{t.speakUnavailable}</p>;
  const seconds = Math.floor(elapsed / 1000);
  return (
    <div class="voice">
      <button
        type="button"
        class={`talk-button${state === 'recording' ? ' recording' : ''}`}
        onPointerDown={start}
        onPointerUp={stop}
        onPointerLeave={stop}
        onPointerCancel={stop}
        onContextMenu={(e) => e.preventDefault()}
      >
        <Icon name="mic" size={96} />
        <span>{state === 'recording' ? t.speakRecording : t.speakHold}</span>
      </button>
      <p class="voice-timer" aria-live="off">
        {seconds}s / {VISIT_LIMITS.voiceMaxMs / 1000}s
      </p>
      {clip && state === 'recorded' ? (
        <div class="voice-actions">
          <button type="button" class="nav-button" onClick={() => void new Audio(clip.url).play()}>
            <Icon name="play" />
            {t.speakPlay}
          </button>
          <button type="button" class="nav-button" onClick={() => setState('idle')}>
            <Icon name="undo" />
            {t.speakRedo}
          </button>
          <button type="button" class="nav-button primary" onClick={() => void save()}>
            <Icon name="check" />
            {t.done}
          </button>
        </div>
      ) : null}
    </div>
  );
}
