import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { VISIT_LIMITS } from '../../shared/limits.ts';
import type { Idea } from '../../shared/visit.ts';
import type { Draft } from '../lib/draft.ts';
import { messages } from '../lib/i18n.ts';
import { whenIdle } from '../lib/warm.ts';
import { Icon } from './Faces.tsx';
import { StepFrame } from './StepFrame.tsx';

type Mode = 'choose' | 'draw' | 'speak' | 'type';

export interface IdeaEditorProps {
  draft: Draft;
  onDone: (idea: Idea | null) => void;
}

/**
 * A heavy editor (drawing, recording) in its own lazy chunk, kept out of the first load. The chunk
 * is fetched and evaluated while the kiosk idles (preloadEditors, from the attract screen and the
 * idea step), so the tap that opens it renders the editor at once instead of a spinner, a chunk
 * fetch and a second render. A failed load is forgotten, so the next try fetches again.
 */
interface LazyEditor {
  loaded: ComponentType<IdeaEditorProps> | null;
  load(): Promise<ComponentType<IdeaEditorProps>>;
}
function lazyEditor(importer: () => Promise<ComponentType<IdeaEditorProps>>): LazyEditor {
  let pending: Promise<ComponentType<IdeaEditorProps>> | null = null;
  const editor: LazyEditor = {
    loaded: null,
    load: () =>
      (pending ??= importer().then(
        (c) => (editor.loaded = c),
        (err: unknown) => {
          pending = null;
          throw err;
        },
      )),
  };
  return editor;
}
const drawPad = lazyEditor(() => import('./DrawPad.tsx').then((m) => m.DrawPad));
const voiceRecorder = lazyEditor(() => import('./VoiceRecorder.tsx').then((m) => m.VoiceRecorder));

/** Fetches and evaluates the editors' chunks when the main thread is idle (never in a tap's way). */
export function preloadEditors(voice = canRecord()): void {
  whenIdle(() => {
    void drawPad.load().catch(() => {});
    if (voice) void voiceRecorder.load().catch(() => {});
  });
}

function useLazy(editor: LazyEditor): ComponentType<IdeaEditorProps> | null {
  const [C, setC] = useState<ComponentType<IdeaEditorProps> | null>(() => editor.loaded);
  useEffect(() => {
    if (C) return;
    let alive = true;
    editor.load().then((c) => alive && setC(() => c));
    return () => {
      alive = false;
    };
  }, []);
  return C;
}

function DrawLoader(p: IdeaEditorProps) {
  const C = useLazy(drawPad);
  return C ? <C {...p} /> : <div class="loading" aria-busy="true" />;
}

function VoiceLoader(p: IdeaEditorProps) {
  const C = useLazy(voiceRecorder);
  return C ? <C {...p} /> : <div class="loading" aria-busy="true" />;
}

export function canRecord(): boolean {
  return typeof MediaRecorder !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);
}

export function IdeaStep(props: { draft: Draft; onChange: (d: Draft) => void; onNext: () => void; onBack: () => void }) {
  const { draft } = props;
  const t = messages(draft.locale);
  const [mode, setMode] = useState<Mode>('choose');
  const finish = (idea: Idea | null) => {
    if (idea) props.onChange({ ...draft, idea });
    setMode('choose');
    if (idea) props.onNext();
  };
  const voiceAllowed = draft.consent.voice && canRecord();
  const typingAllowed = draft.ageBand === '10-12';
  // Usually already done on the attract screen; cheap when it was.
  useEffect(() => preloadEditors(voiceAllowed), []);

  if (mode === 'draw')
    return (
      <StepFrame locale={draft.locale} step="idea" prompt={t.drawPrompt} onBack={() => setMode('choose')}>
        <DrawLoader draft={draft} onDone={finish} />
      </StepFrame>
    );
  if (mode === 'speak')
    return (
      <StepFrame locale={draft.locale} step="idea" prompt={t.speakPrompt} onBack={() => setMode('choose')}>
        <VoiceLoader draft={draft} onDone={finish} />
      </StepFrame>
    );
  if (mode === 'type')
    return (
      <StepFrame locale={draft.locale} step="idea" prompt={t.typePrompt} onBack={() => setMode('choose')}>
        <TypeIdea draft={draft} onDone={finish} />
      </StepFrame>
    );

  return (
    <StepFrame locale={draft.locale} step="idea" prompt={t.ideaPrompt} onBack={props.onBack} onSkip={props.onNext}>
      <div class="idea-modes" role="group" aria-label={t.ideaPrompt}>
        <button type="button" class="idea-mode draw" onClick={() => setMode('draw')}>
          <Icon name="pencil" size={72} />
          <span>{t.ideaDraw}</span>
        </button>
        {voiceAllowed ? (
          <button type="button" class="idea-mode speak" onClick={() => setMode('speak')}>
            <Icon name="mic" size={72} />
            <span>{t.ideaSpeak}</span>
          </button>
        ) : null}
        {typingAllowed ? (
          <button type="button" class="idea-mode type" onClick={() => setMode('type')}>
            <Icon name="keyboard" size={72} />
            <span>{t.ideaType}</span>
          </button>
        ) : null}
      </div>
      {draft.idea ? (
        <p class="idea-saved">
          <Icon name="check" size={32} /> {draft.idea.kind === 'drawing' ? t.ideaDraw : draft.idea.kind === 'voice' ? t.ideaSpeak : t.ideaType}
        </p>
      ) : null}
    </StepFrame>
  );
}

function TypeIdea({ draft, onDone }: IdeaEditorProps) {
  const t = messages(draft.locale);
  const [text, setText] = useState(draft.idea?.kind === 'text' ? draft.idea.text : '');
  return (
    <div class="type-idea">
      <label class="visually-hidden" for="idea-text">
        {t.typePrompt}
      </label>
      <textarea id="idea-text" maxLength={VISIT_LIMITS.textIdeaMax} rows={5} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
      <p class="counter" aria-live="polite">
        {text.length} / {VISIT_LIMITS.textIdeaMax}
      </p>
      <button type="button" class="nav-button primary" onClick={() => onDone(text.trim() ? { kind: 'text', text: text.trim() } : null)}>
        <Icon name="check" />
        {t.done}
      </button>
    </div>
  );
}
