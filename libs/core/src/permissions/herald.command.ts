import { Command, Query } from '@nestjs/cqrs';
import type { Actor } from './actor';

/**
 * What the permission check needs from every command and query: who sends it and which repositories it touches. A
 * namespace-wide target is written "namespace/*".
 */
export interface Authorizable {
  readonly actor: Actor;
  repositories(): string[];
  /** A refusal beyond repository admin (e.g. which kinds of actor may send it): why the actor may not, if it may not. */
  refusal?(): string | undefined;
}

export abstract class RepositoryCommand<R> extends Command<R> implements Authorizable {
  constructor(
    readonly actor: Actor,
    readonly repository: string,
  ) {
    super();
  }

  repositories(): string[] {
    return [this.repository];
  }
}

export abstract class RepositoryQuery<R> extends Query<R> implements Authorizable {
  constructor(
    readonly actor: Actor,
    readonly repository: string,
  ) {
    super();
  }

  repositories(): string[] {
    return [this.repository];
  }
}

export function isAuthorizable(value: unknown): value is Authorizable {
  const v = value as Partial<Authorizable> | null;
  return !!v && typeof v.repositories === 'function' && typeof v.actor === 'object' && v.actor !== null;
}

/** A command about one notification of one repository. */
export abstract class NotificationCommand<R> extends RepositoryCommand<R> {
  constructor(
    actor: Actor,
    repository: string,
    readonly uuid: string,
  ) {
    super(actor, repository);
  }
}

/**
 * A query about the actor's own things (their notification area), or open to anyone authenticated (the method list):
 * it names no repository, so the check passes every authenticated actor, and the handler scopes it to that actor.
 */
export abstract class PersonalQuery<R> extends Query<R> implements Authorizable {
  constructor(readonly actor: Actor) {
    super();
  }

  repositories(): string[] {
    return [];
  }
}

/** A command on the actor's own things (dismissing their notifications); see PersonalQuery. */
export abstract class PersonalCommand<R> extends Command<R> implements Authorizable {
  constructor(readonly actor: Actor) {
    super();
  }

  repositories(): string[] {
    return [];
  }
}
