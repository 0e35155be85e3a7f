import { EventEmitter } from 'node:events';

/**
 * What happened in the product, for whoever integrates with it (webhooks, metrics). Payloads
 * are already safe to leave the building: never a ticket, a nickname, media or a child's
 * answers; an idea's text only once it is approved.
 */
export interface DomainEventMap {
  'idea.created': { ideaId: string; visitId: string; kind: 'drawing' | 'voice' | 'text'; showroomId: string; productId: string; at: string };
  'idea.approved': { ideaId: string; kind: 'drawing' | 'voice' | 'text'; text: string | null; showroomId: string; productId: string; at: string };
  'idea.status_changed': { ideaId: string; from: string; to: string; showroomId: string; productId: string; at: string };
  'visit.stored': { showroomId: string; productId: string; ratings: number; choices: number; favourites: number; withIdea: boolean; at: string };
  'kiosk.stale': { deviceId: string; deviceName: string; showroomId: string; lastSeenAt: string | null; at: string };
}
export type DomainEventName = keyof DomainEventMap;

/** In-process, fire-and-forget: a slow or failing listener never delays or fails the request that emitted. */
export class DomainEvents {
  private readonly emitter = new EventEmitter();

  emit<E extends DomainEventName>(event: E, payload: DomainEventMap[E]): void {
    for (const listener of this.emitter.listeners(event)) {
      queueMicrotask(() => {
        Promise.resolve()
          .then(() => (listener as (p: DomainEventMap[E]) => unknown)(payload))
          .catch(() => {});
      });
    }
  }

  on<E extends DomainEventName>(event: E, listener: (payload: DomainEventMap[E]) => unknown): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
