import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Response } from 'express';
import { Connection } from 'mongoose';
import { ActionActors, EventDispatcher, RoutingIndex } from '@herald/core';
import { NatsClient } from '@herald/transport';
import { PLUGIN_LOAD_FAILURES } from '../plugins/plugin.tokens';
import type { PluginLoadFailure } from '../plugins/plugin.loader';

interface Check {
  status: 'up' | 'down';
  [detail: string]: unknown;
}

async function check(probe: () => Promise<Record<string, unknown>>): Promise<Check> {
  try {
    return { status: 'up', ...(await probe()) };
  } catch (err) {
    return { status: 'down', error: err instanceof Error ? err.message : String(err) };
  }
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly nats: NatsClient,
    @InjectConnection() private readonly mongo: Connection,
    private readonly dispatcher: EventDispatcher,
    private readonly actors: ActionActors,
    private readonly index: RoutingIndex,
    @Inject(PLUGIN_LOAD_FAILURES) private readonly pluginFailures: PluginLoadFailure[],
  ) {}

  /** 200 when every dependency answers, 503 otherwise; the body says which part is down. */
  @Get()
  async health(@Res() res: Response): Promise<void> {
    const [nats, mongodb] = await Promise.all([
      check(() => this.nats.ping()),
      check(async () => {
        const started = Date.now();
        await this.mongo.db?.admin().ping();
        if (!this.mongo.db) throw new Error('not connected');
        return { rttMs: Date.now() - started };
      }),
    ]);
    const dispatcher: Check = {
      status: this.dispatcher.running ? 'up' : 'down',
      dispatching: this.dispatcher.dispatching,
      ...this.dispatcher.stats,
    };
    const actions = Object.fromEntries(
      this.actors
        .list()
        .map((a) => [
          a.method,
          { status: a.running ? 'up' : 'down', mailbox: a.mailbox, ownedPartitions: a.ownedPartitions, ...a.stats },
        ]),
    );
    const checks = { nats, mongodb, dispatcher };
    const healthy =
      Object.values(checks).every((c) => c.status === 'up') && Object.values(actions).every((a) => a.status === 'up');
    res.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: healthy ? 'ok' : 'error',
      checks,
      actions,
      // Where the routing index came from at boot (the stored snapshot or a scan of the database), and how current.
      index: {
        ...this.index.origin,
        notifications: this.index.size,
        coveredSeq: this.index.covered,
        lastRebuildAt: this.index.lastRebuild?.toISOString(),
      },
      pluginLoadFailures: this.pluginFailures,
    });
  }
}
