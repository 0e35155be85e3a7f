/**
 * Runs `fn` once the next frame has been produced: requestAnimationFrame, then a task
 * (MessageChannel), so work that is not needed for that frame (starting a voice, IndexedDB and
 * network for the outbox) never sits between a tap and the frame that answers it.
 */
export function afterNextPaint(fn: () => void): void {
  if (typeof requestAnimationFrame !== 'function') return void setTimeout(fn, 0);
  requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => fn();
    ch.port2.postMessage(null);
  });
}
