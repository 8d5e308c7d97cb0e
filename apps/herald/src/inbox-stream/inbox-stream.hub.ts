import {
  BeforeApplicationShutdown,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { Subscription } from 'nats';
import { Actor, InboxItemView, isInAudience, ListUserNotificationsSinceQuery } from '@herald/core';
import { INBOX_CREATED_SUBJECT, NatsClient } from '@herald/transport';
import { INBOX_STREAM_SETTINGS, InboxStreamSettings } from './inbox-stream.settings';
import { SseConnection } from './sse-connection';

const RETRY_AFTER_SEC = 5;
const sameActor = (x: Actor, y: Actor) => x.kind === y.kind && x.id === y.id;

/**
 * This instance's live notification streams. Every instance hears each new item on core NATS (whichever instance
 * stored it) and pushes it to its connected clients whose token makes them its audience; one timer beats for all.
 */
@Injectable()
export class InboxStreamHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InboxStreamHub.name);
  private readonly connections = new Set<SseConnection>();
  private subscription?: Subscription;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly nats: NatsClient,
    private readonly queries: QueryBus,
    @Inject(INBOX_STREAM_SETTINGS) private readonly settings: InboxStreamSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.nats.nc.subscribe(INBOX_CREATED_SUBJECT, {
      callback: (err, msg) => {
        if (err) return this.logger.warn(`notification stream subscription: ${err.message}`);
        let item: InboxItemView;
        try {
          item = msg.json<InboxItemView>();
        } catch {
          return this.logger.warn(`undecodable message on ${INBOX_CREATED_SUBJECT}`);
        }
        for (const c of this.connections) if (isInAudience(c.actor, item.target)) c.push(item);
      },
    });
    this.heartbeat = setInterval(() => {
      for (const c of this.connections) c.heartbeat();
    }, this.settings.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Streams the actor's new notifications to `res`, after replaying those created after `lastEventId`. */
  async open(actor: Actor, res: Response, lastEventId: string | undefined): Promise<void> {
    const own = [...this.connections].filter((c) => sameActor(c.actor, actor)).length;
    if (own >= this.settings.maxPerActor) {
      // Each open stream holds a socket and a buffer: one client's reconnect loop must not hold them all.
      res.setHeader('Retry-After', String(RETRY_AFTER_SEC));
      throw new HttpException(
        {
          message: `${actor.id} has ${own} notification streams open here, the most allowed (HERALD_SSE_MAX_PER_ACTOR)`,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const connection = new SseConnection(actor, res, this.settings.maxBufferedBytes, (c) => this.connections.delete(c));
    const replaying = !!lastEventId?.trim();
    connection.open(replaying);
    // A stream outlives the request that authenticated it, but not the credential: it ends when the token expires.
    connection.endAt(actor.expiresAt);
    // Listening before the replay is read: what is stored meanwhile waits in the connection, and is sent once.
    this.connections.add(connection);
    if (!replaying) return;
    try {
      connection.replay(await this.queries.execute(new ListUserNotificationsSinceQuery(actor, lastEventId!.trim())));
    } catch (err) {
      // The headers are gone: end the stream, and the client comes back with the same Last-Event-ID.
      this.logger.warn(`notification stream replay for ${actor.id} failed: ${String(err)}`);
      connection.close();
    }
  }

  /** Before the HTTP server closes: open streams would keep it (and the process) waiting for ever. */
  beforeApplicationShutdown(): void {
    clearInterval(this.heartbeat);
    if (!this.nats.nc.isClosed()) this.subscription?.unsubscribe();
    for (const c of [...this.connections]) c.close();
  }
}
