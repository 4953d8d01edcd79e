import type { DomainEventPublisher, DomainEvents, DomainEventType } from '../../src/datasources/domain-events';

/** A publisher that keeps what datasources announce, for tests that look at the datasource alone. */
export class RecordingPublisher implements DomainEventPublisher {
  readonly events: Array<{ type: DomainEventType; data: DomainEvents[DomainEventType] }> = [];

  async emit<K extends DomainEventType>(type: K, data: DomainEvents[K]): Promise<void> {
    this.events.push({ type, data });
  }

  async emitMany<K extends DomainEventType>(type: K, items: ReadonlyArray<DomainEvents[K]>): Promise<void> {
    for (const data of items) this.events.push({ type, data });
  }
}
