import { render } from 'preact';
import { App } from './App.tsx';
import type { StorageState } from './components/StaffCorner.tsx';
import './styles.css';

/** Offline mode needs a secure context (HTTPS or localhost) for the service worker. */
async function prepareOffline(): Promise<StorageState> {
  const state: StorageState = { persisted: null, secure: window.isSecureContext, serviceWorker: false };
  if (state.secure && 'serviceWorker' in navigator) {
    try {
      await navigator.serviceWorker.register('/kiosk/sw.js', { scope: '/kiosk/' });
      state.serviceWorker = true;
    } catch {
      state.serviceWorker = false;
    }
  }
  // Ask the browser not to evict the outbox under storage pressure.
  if (navigator.storage?.persist) state.persisted = (await navigator.storage.persisted()) || (await navigator.storage.persist().catch(() => false));
  return state;
}

void prepareOffline().then((storage) => render(<App storage={storage} />, document.getElementById('app')!));
