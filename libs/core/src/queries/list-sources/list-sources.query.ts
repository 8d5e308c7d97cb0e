import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../permissions/actor';
import type { Authorizable } from '../../permissions/herald.command';

export interface SourceView {
  name: string;
  description: string;
  media_types: string[];
  /** The ingest path, relative to Herald's public URL. */
  endpoint: string;
  /** Whether events of one aggregation key within the window are merged into one. */
  aggregates: boolean;
}

/** The loaded event sources; any authenticated caller may read them (they hold no secret). */
export class ListSourcesQuery
  extends Query<{ sources: SourceView[]; aggregation_window_ms: number }>
  implements Authorizable
{
  constructor(readonly actor: Actor) {
    super();
  }

  repositories(): string[] {
    return [];
  }
}
