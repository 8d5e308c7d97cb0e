import { EVENT_CATALOGUE, EventKind } from '@herald/events';
import type { DeliveryOutcomeEvent } from '@herald/core';
import { domainSubject } from '@herald/transport';
import { api, ApiResponse } from './api.client';
import { deliveryOutcomeOf } from './delivery-outcome';
import { HeraldProcess, startHerald } from './herald.process';
import { HttpSink } from './http-sink';
import { jwtFor, TEST_JWT_SECRET } from './jwt.tokens';
import { openTestEnvironment, TestEnvironment } from './test-environment';

/** Short enough that a retried 5xx arrives within a test, long enough to tell attempts apart. */
const RETRY_SCHEDULE = '300ms,600ms,900ms';

export interface ActionTarget {
  repository: string;
  uuid: string;
  /** `/api/v1/repository/<repository>/notification/<uuid>` */
  base: string;
  sink: HttpSink;
  /** Publishes the kind's sample, moved to this target's repository, on NATS. */
  publish(extra?: Record<string, unknown>): Promise<{ eventId: string }>;
  /** The delivery's history entry with every attempt. */
  delivery(deliveryId: string): Promise<{ status: string; attempts: { outcome: string; http_status: number }[] }>;
}

/**
 * One Herald (the built process, real NATS and FerretDB) for an action's end-to-end test, and a way to give each test a
 * fresh repository whose notification, created through the API, points at a loopback receiver of its own.
 */
export class ActionHarness {
  private counter = 0;
  private readonly sinks: HttpSink[] = [];

  private constructor(
    readonly env: TestEnvironment,
    readonly herald: HeraldProcess,
    readonly token: string,
    private readonly namespace: string,
  ) {}

  static async open(name: string): Promise<ActionHarness> {
    const env = await openTestEnvironment(name);
    const herald = await startHerald({
      ...env.heraldEnv,
      HERALD_JWT_SECRET: TEST_JWT_SECRET,
      HERALD_RETRY_SCHEDULE: RETRY_SCHEDULE,
    });
    const namespace = name.replace(/\W/g, '');
    const token = await jwtFor(`${namespace}-admin`, [{ type: 'namespace', name: namespace, actions: ['admin'] }]);
    return new ActionHarness(env, herald, token, namespace);
  }

  async close(): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.close()));
    await this.herald?.stop();
    await this.env?.close();
  }

  /** POSTs a notification of `method` on a new repository; `config` gets the receiver's base URL. */
  createRaw(repository: string, method: string, config: unknown, event: EventKind = 'repo_push'): Promise<ApiResponse> {
    return api(this.herald.url, 'POST', `/api/v1/repository/${repository}/notification/`, {
      token: this.token,
      body: { event, method, config },
    });
  }

  newRepository(): string {
    return `${this.namespace}/r${++this.counter}`;
  }

  async target(method: string, configFor: (sinkUrl: string) => unknown, event: EventKind = 'repo_push') {
    const sink = await HttpSink.start();
    this.sinks.push(sink);
    const repository = this.newRepository();
    const created = await this.createRaw(repository, method, configFor(sink.url), event);
    if (created.status !== 201) throw new Error(`creation answered ${created.status}: ${JSON.stringify(created.body)}`);
    const uuid = (created.body as { uuid: string }).uuid;
    const base = `/api/v1/repository/${repository}/notification/${uuid}`;
    const [namespace, name] = repository.split('/');
    const target: ActionTarget = {
      repository,
      uuid,
      base,
      sink,
      publish: (extra = {}) =>
        this.env.publisher.publish(event, {
          ...structuredClone(EVENT_CATALOGUE[event].sample),
          repository,
          namespace,
          name,
          ...extra,
        } as never),
      delivery: async (deliveryId) =>
        (
          await api(this.herald.url, 'GET', `${base}/deliveries/${encodeURIComponent(deliveryId)}`, {
            token: this.token,
          })
        ).body as Awaited<ReturnType<ActionTarget['delivery']>>,
    };
    return target;
  }

  /** Runs `trigger` and resolves with the first outcome Herald publishes for the target's notification. */
  outcomeOf(target: ActionTarget, trigger: () => Promise<unknown>) {
    return deliveryOutcomeOf(this.env.nc, target.uuid, trigger);
  }

  /**
   * Runs `trigger` and resolves with every outcome Herald publishes for the target's notification, up to and including
   * the first final one (delivered or failed): the attempts of one delivery, retries included, awaited as they happen.
   */
  async attemptsOf(target: ActionTarget, trigger: () => Promise<unknown>, timeoutMs = 20_000) {
    const sub = this.env.nc.subscribe(domainSubject('delivery.>'), { timeout: timeoutMs });
    await this.env.nc.flush();
    const seen: DeliveryOutcomeEvent[] = [];
    const done = (async () => {
      for await (const msg of sub) {
        const o = msg.json<DeliveryOutcomeEvent>();
        if (o.notification_uuid !== target.uuid) continue;
        seen.push(o);
        if (o.status === 'delivered' || o.status === 'failed') return seen;
      }
      throw new Error(`no final outcome for ${target.uuid}; saw ${JSON.stringify(seen)}`);
    })();
    try {
      await trigger();
      return await done;
    } finally {
      sub.unsubscribe();
    }
  }

  /** Asks Herald for a test notification (the event's sample) through the API. */
  sendTest(target: ActionTarget): Promise<ApiResponse> {
    return api(this.herald.url, 'POST', `${target.base}/test`, { token: this.token });
  }

  get(target: ActionTarget): Promise<ApiResponse> {
    return api(this.herald.url, 'GET', target.base, { token: this.token });
  }
}
