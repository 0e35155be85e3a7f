import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { KioskConfig } from '../shared/kiosk-config.ts';
import { Attract } from './components/Attract.tsx';
import { Certificate, preloadQr } from './components/Certificate.tsx';
import { AgainStep, FavouritesStep, ThisOrThatStep } from './components/Choices.tsx';
import { Consent, HandOver } from './components/Consent.tsx';
import { ExploreStep } from './components/Explore.tsx';
import { Gate } from './components/Gate.tsx';
import { IdeaStep, preloadEditors } from './components/Idea.tsx';
import { IdleOverlay } from './components/IdleOverlay.tsx';
import { PairingScreen } from './components/Pairing.tsx';
import { AvatarStep, CarStep } from './components/PickScreens.tsx';
import { StaffCorner, type StorageState } from './components/StaffCorner.tsx';
import { KID_STEPS, type KidStep } from './components/StepFrame.tsx';
import { newDraft, randomId, toVisit, type Draft } from './lib/draft.ts';
import { stopSpeaking } from './lib/speech.ts';
import { enqueueAbandoned, forgetPairing, loadConfig, loadPairing, queueFinishedVisit, setKv, type Pairing } from './lib/storage.ts';
import { nudgeSync, refreshConfig, startSync } from './lib/sync.ts';
import { applyUpdate, onUpdateWaiting, updateWaiting } from './lib/update.ts';
import { afterNextPaint } from './lib/paint.ts';
import { flowPictures, warmPictures } from './lib/warm.ts';

type Screen = 'loading' | 'pair' | 'attract' | 'gate' | 'consent' | 'handover' | KidStep | 'thanks';

// Browser tests shorten the timers through window.__LA_TEST__ (set before the app loads).
const TEST_TIMERS = (globalThis as { __LA_TEST__?: { idleMs?: number; graceS?: number; thanksMs?: number } }).__LA_TEST__ ?? {};
export const IDLE_MS = TEST_TIMERS.idleMs ?? 45_000;
export const IDLE_GRACE_S = TEST_TIMERS.graceS ?? 15;
export const THANKS_MS = TEST_TIMERS.thanksMs ?? 60_000;
const STAFF_PRESS_MS = 2_000;
/** The again answer's tile shows pressed this long before the certificate. */
const AGAIN_PAUSE_MS = 250;
/** A waiting update is applied after this long on the attract screen without a touch. */
const UPDATE_QUIET_MS = 3_000;

function pairCodeFromHash(): string {
  const m = /[#&]pair=([A-Za-z0-9-]+)/.exec(location.hash);
  return m ? m[1]! : '';
}

export function App({ storage }: { storage: StorageState }) {
  const [screen, setScreen] = useState<Screen>('loading');
  const [pairing, setPairing] = useState<Pairing | null>(null);
  const [config, setConfig] = useState<KioskConfig | null>(null);
  const [draft, setDraft] = useState<Draft>(() => newDraft('zh-CN'));
  const [visitKey, setVisitKey] = useState(0);
  const [ticket, setTicket] = useState<string | null>(null);
  const [idle, setIdle] = useState(false);
  const [staff, setStaff] = useState(false);
  const lastTouch = useRef(Date.now());
  // Steps call onNext from timers after onChange: read the latest draft, not the one they closed over.
  const draftRef = useRef(draft);
  draftRef.current = draft;

  const reloadConfig = useCallback(async () => {
    await refreshConfig();
    const cached = await loadConfig();
    if (cached) setConfig(cached.config);
    return cached?.config ?? null;
  }, []);

  useEffect(() => {
    void (async () => {
      const p = await loadPairing();
      setPairing(p ?? null);
      if (!p) {
        setScreen('pair');
        return;
      }
      setDraft(newDraft(p.defaultLocale));
      startSync();
      // Show the attract loop from the cached catalog at once; refresh it in the background.
      const cached = await loadConfig();
      if (cached) {
        setConfig(cached.config);
        setScreen('attract');
        void reloadConfig();
        return;
      }
      const cfg = await reloadConfig();
      setScreen(cfg ? 'attract' : 'pair');
    })();
  }, []);

  // While the attract loop waits, fetch and decode every picture of the flow (lib/warm.ts), and
  // load the drawing pad's (and voice recorder's) chunk, so no tap waits for a download.
  useEffect(() => {
    if (screen === 'attract' && config) {
      warmPictures(flowPictures(config));
      preloadEditors();
      preloadQr();
    }
  }, [screen, config]);

  /** Back to the attract loop with nothing of the last child left in memory. */
  const resetVisit = useCallback(() => {
    finishing.current = null;
    stopSpeaking();
    setIdle(false);
    setTicket(null);
    setDraft(newDraft(pairing?.defaultLocale ?? 'zh-CN'));
    setVisitKey((k) => k + 1);
    setScreen('attract');
    void reloadConfig();
  }, [pairing, reloadConfig]);

  // Idle: 45 s without a touch during a visit → "are you still there?" → 15 s → discarded.
  useEffect(() => {
    const touch = () => {
      lastTouch.current = Date.now();
    };
    addEventListener('pointerdown', touch, { capture: true });
    addEventListener('keydown', touch, { capture: true });
    const timer = setInterval(() => {
      const inVisit = screen !== 'attract' && screen !== 'pair' && screen !== 'loading' && screen !== 'thanks';
      if (inVisit && !idle && !staff && Date.now() - lastTouch.current > IDLE_MS) setIdle(true);
      if (screen === 'thanks' && Date.now() - lastTouch.current > THANKS_MS) resetVisit();
    }, 500);
    return () => {
      removeEventListener('pointerdown', touch, { capture: true });
      removeEventListener('keydown', touch, { capture: true });
      clearInterval(timer);
    };
  }, [screen, idle, staff, resetVisit]);

  // A new build waits for the attract screen (never mid-visit), then the kiosk reloads into it.
  const [update, setUpdate] = useState<string | null>(updateWaiting);
  useEffect(() => onUpdateWaiting(setUpdate), []);
  useEffect(() => {
    if (!update || screen !== 'attract' || staff) return;
    let done = false;
    const timer = setInterval(() => {
      if (done || Date.now() - lastTouch.current < UPDATE_QUIET_MS) return;
      done = true;
      void applyUpdate().then((applied) => (done = applied));
    }, 1_000);
    return () => clearInterval(timer);
  }, [update, screen, staff]);

  /**
   * Queues the finished visit (whole, with its reservation, in one transaction) and then shows the
   * certificate, never before the visit is stored. `pauseMs`: the again answer's designed pause
   * (the tapped tile shows pressed): the visit is stored during it, so the certificate follows the
   * pause without an IndexedDB round trip of its own. Once per visit: a second answer tapped
   * within the pause, or Skip, does not queue a second visit.
   */
  const finishing = useRef<Promise<void> | null>(null);
  const finishVisit = useCallback(
    (d: Draft = draftRef.current, pauseMs = 0) => {
      if (!config || finishing.current) return;
      const pause = new Promise((r) => setTimeout(r, pauseMs));
      // Assigned before the first await inside resumes.
      let run!: Promise<void>;
      run = (async () => {
        const ticket = await queueFinishedVisit((id) => toVisit(d, config, id), randomId);
        await pause;
        if (finishing.current !== run) return; // the visit was reset meanwhile (idle, staff)
        setTicket(ticket);
        lastTouch.current = Date.now();
        setScreen('thanks');
        // The outbox's IndexedDB reads and the upload wait for the certificate's first frame.
        afterNextPaint(() => void nudgeSync());
      })();
      finishing.current = run;
      // Not stored (storage full or broken): stay on the step so the child can try again.
      run.catch(() => {
        if (finishing.current === run) finishing.current = null;
      });
    },
    [config],
  );

  const stepIndex = KID_STEPS.indexOf(screen as KidStep);
  const go = (delta: 1 | -1) => {
    const next = stepIndex + delta;
    if (next < 0) return setScreen('consent');
    if (next >= KID_STEPS.length) return finishVisit();
    let target = KID_STEPS[next]!;
    // With one car on the floor there is nothing to pick.
    if (target === 'car' && config && config.products.length === 1) {
      if (!draftRef.current.productId) setDraft({ ...draftRef.current, productId: config.products[0]!.id });
      target = KID_STEPS[next + delta] ?? target;
    }
    setScreen(target);
  };
  const next = () => go(1);
  const back = () => go(-1);

  // The hidden staff corner: a long press in the top-left corner.
  const pressTimer = useRef<number>(0);
  const staffCorner = (
    <button
      type="button"
      class="staff-hotspot"
      aria-label="Staff corner · 员工区"
      onPointerDown={() => (pressTimer.current = window.setTimeout(() => setStaff(true), STAFF_PRESS_MS))}
      onPointerUp={() => clearTimeout(pressTimer.current)}
      onPointerLeave={() => clearTimeout(pressTimer.current)}
      onContextMenu={(e) => e.preventDefault()}
    />
  );

  if (screen === 'loading') return <div class="loading" aria-busy="true" />;
  if (screen === 'pair' || !pairing || !config) {
    return (
      <PairingScreen
        initialCode={pairCodeFromHash()}
        onPaired={async (p) => {
          await setKv('pairing', p);
          history.replaceState(null, '', location.pathname);
          setPairing(p);
          setDraft(newDraft(p.defaultLocale));
          startSync();
          const cfg = await reloadConfig();
          setScreen(cfg ? 'attract' : 'pair');
        }}
      />
    );
  }

  const product = config.products.find((p) => p.id === draft.productId) ?? config.products[0]!;
  const common = { draft, onChange: setDraft, onNext: next, onBack: back };
  let body;
  switch (screen) {
    case 'attract':
      body = (
        <Attract
          locale={draft.locale}
          pictures={config.products.map((p) => p.picture)}
          onStart={() => {
            setDraft(newDraft(pairing.defaultLocale));
            setScreen('gate');
          }}
        />
      );
      break;
    case 'gate':
      body = <Gate locale={draft.locale} onPass={() => setScreen('consent')} onCancel={resetVisit} />;
      break;
    case 'consent':
      body = <Consent config={config} draft={draft} onChange={setDraft} onAgree={() => setScreen('handover')} onCancel={resetVisit} />;
      break;
    case 'handover':
      body = (
        <HandOver
          locale={draft.locale}
          onContinue={() => {
            setDraft({ ...draft, startedAt: new Date().toISOString() });
            setScreen('avatar');
          }}
        />
      );
      break;
    case 'avatar':
      body = <AvatarStep config={config} {...common} />;
      break;
    case 'car':
      body = <CarStep config={config} {...common} />;
      break;
    case 'explore':
      body = <ExploreStep product={product} {...common} />;
      break;
    case 'thisorthat':
      body = <ThisOrThatStep product={product} {...common} />;
      break;
    case 'favourites':
      body = <FavouritesStep product={product} {...common} />;
      break;
    case 'idea':
      body = <IdeaStep {...common} />;
      break;
    case 'again':
      body = <AgainStep {...common} onAnswer={(d) => finishVisit(d, AGAIN_PAUSE_MS)} />;
      break;
    case 'thanks':
      body = <Certificate config={config} draft={draft} ticket={ticket} onFinish={resetVisit} />;
      break;
  }

  return (
    <div class={`kiosk screen-${screen}`} lang={draft.locale} key={visitKey}>
      <main>{body}</main>
      {staffCorner}
      {idle ? (
        <IdleOverlay
          locale={draft.locale}
          seconds={IDLE_GRACE_S}
          onStay={() => setIdle(false)}
          onTimeout={() => {
            // Only a visit the child had begun counts as left; nothing of its answers is kept.
            if (KID_STEPS.includes(screen as KidStep)) {
              void enqueueAbandoned(screen, draftRef.current.productId, draftRef.current.ageBand, randomId()).then(() => nudgeSync());
            }
            resetVisit();
          }}
        />
      ) : null}
      {staff ? (
        <StaffCorner
          pairing={pairing}
          storage={storage}
          onClose={() => setStaff(false)}
          onLocale={async (l) => {
            const p = { ...pairing, defaultLocale: l };
            await setKv('pairing', p);
            setPairing(p);
            if (screen === 'attract') setDraft(newDraft(l));
          }}
          onUnpair={async () => {
            await forgetPairing();
            setStaff(false);
            setPairing(null);
            setConfig(null);
            setScreen('pair');
          }}
        />
      ) : null}
    </div>
  );
}
