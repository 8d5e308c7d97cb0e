import { Injectable } from '@nestjs/common';

/** What the ingest path tells whoever watches it (metrics); a watcher's failure never fails a request. */
export interface SourceObserver {
  sourceEventSkipped(source: string, type: string): void;
  sourceEventPublished(source: string, kind: string, outcome: 'published' | 'staged' | 'merged'): void;
}

@Injectable()
export class SourceEventsHub implements SourceObserver {
  private readonly observers: Partial<SourceObserver>[] = [];

  observe(observer: Partial<SourceObserver>): void {
    this.observers.push(observer);
  }

  sourceEventSkipped(source: string, type: string): void {
    this.tell((o) => o.sourceEventSkipped?.(source, type));
  }

  sourceEventPublished(source: string, kind: string, outcome: 'published' | 'staged' | 'merged'): void {
    this.tell((o) => o.sourceEventPublished?.(source, kind, outcome));
  }

  private tell(fn: (o: Partial<SourceObserver>) => void): void {
    for (const o of this.observers) {
      try {
        fn(o);
      } catch {
        // Counting must not fail what it counts.
      }
    }
  }
}
