import type { EventName, EventPayload } from '@shared/ipc/contract';

type Listener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * Push events from the core to whichever transports are attached (Electron windows, web
 * bridge sockets). Listener failures are isolated so one broken socket cannot stop the rest.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        console.error(`event listener failed for ${event}:`, error);
      }
    }
  }
}
