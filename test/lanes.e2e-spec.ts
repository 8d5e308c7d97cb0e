import { REPO_PUSH_SAMPLE } from '@herald/events';
import { api } from './support/api.client';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink, ReceivedRequest, SinkResponse } from './support/http-sink';
import { jwtFor, TEST_JWT_SECRET } from './support/jwt.tokens';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

interface Health {
  checks: { dispatcher: { dispatching: boolean } };
  actions: { webhook: { ownedPartitions: number } };
}

/** Arrivals in publish order: out of order counts first arrivals below one seen before; duplicates are repeats. */
function orderAtSink(seqs: number[]) {
  const seen = new Set<number>();
  let max = -1;
  let outOfOrder = 0;
  let duplicates = 0;
  for (const s of seqs) {
    if (seen.has(s)) {
      duplicates++;
      continue;
    }
    if (s < max) outOfOrder++;
    seen.add(s);
    max = Math.max(max, s);
  }
  return { outOfOrder, duplicates, unique: seen.size };
}

const seqOf = (r: ReceivedRequest) => (JSON.parse(r.body) as { herald_test_seq: number }).herald_test_seq;
const until = async (check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('delivery lanes: order across instances, head-of-line blocking, rate limits', () => {
  let env: TestEnvironment;
  let token: string;
  let counter = 0;
  const heralds: HeraldProcess[] = [];
  const sinks: HttpSink[] = [];
  const heraldEnv = () => ({
    ...env.heraldEnv,
    HERALD_JWT_SECRET: TEST_JWT_SECRET,
    HERALD_RETRY_SCHEDULE: Array(12).fill('400ms').join(','),
    HERALD_LANE_ACK_WAIT_MS: '2000',
    HERALD_LANE_PIN_TTL_MS: '3000',
  });

  beforeAll(async () => {
    env = await openTestEnvironment('lanes');
    token = await jwtFor('lanes-admin', [{ type: 'namespace', name: 'lanes', actions: ['admin'] }]);
    heralds.push(await startHerald(heraldEnv()));
  });

  /** Two live instances for the tests that need them (the failover test leaves one). */
  async function twoInstances(): Promise<void> {
    while (live().length < 2) heralds.push(await startHerald(heraldEnv()));
  }

  afterAll(async () => {
    await Promise.all(sinks.map((s) => s.close()));
    for (const h of live()) await h.stop('SIGKILL');
    await env?.close();
  });

  const killed = new Set<HeraldProcess>();
  const live = () => heralds.filter((h) => !killed.has(h));

  async function notification(repository: string, sink: HttpSink, extra: Record<string, unknown> = {}) {
    const created = await api(live()[0].url, 'POST', `/api/v1/repository/${repository}/notification/`, {
      token,
      body: { event: 'repo_push', method: 'webhook', config: { url: `${sink.url}/hook` }, ...extra },
    });
    expect(created.status).toBe(201);
    return created.body as { uuid: string; ordering: string; max_in_flight: number; rate_limit: unknown };
  }

  async function sinkWith(script: (req: ReceivedRequest, i: number) => SinkResponse = () => ({ status: 200 })) {
    const sink = await HttpSink.start();
    sinks.push(sink);
    sink.respondWith(script);
    return sink;
  }

  const repo = () => `lanes/r${++counter}`;

  /** For a failure message: where each consumer that delivered anything stands. */
  async function consumerStates(streams: string[]) {
    const jsm = await env.nc.jetstreamManager();
    const states: unknown[] = [];
    for (const stream of streams) {
      for await (const c of jsm.consumers.list(stream)) {
        if (c.delivered.stream_seq === 0) continue;
        const { name, delivered, ack_floor, num_ack_pending, num_pending, num_waiting } = c;
        states.push({ name, delivered, ack_floor, num_ack_pending, num_pending, num_waiting });
      }
    }
    return states;
  }
  const publish = (repository: string, seq: number, marker = '') => {
    const [namespace, name] = repository.split('/');
    return env.publisher.publish('repo_push', {
      ...structuredClone(REPO_PUSH_SAMPLE),
      repository,
      namespace,
      name,
      herald_test_seq: seq,
      marker,
    } as never);
  };

  it('a burst to one notification on its lane owner goes direct, in publish order, a failing head included', async () => {
    const repository = repo();
    // Event 150 fails twice: a direct delivery goes to the lane's stream for its retry and the lane waits behind it.
    let failures = 0;
    const sink = await sinkWith((req) => ({ status: seqOf(req) === 150 && failures++ < 2 ? 500 : 200 }));
    await notification(repository, sink);
    // One event first: this instance takes the lane's pin, and the burst finds its owner settled.
    await publish(repository, -1);
    await sink.waitFor(1);
    type Counts = { checks: { dispatcher: { deliveriesDirect: number } }; actions: { webhook: { direct: number } } };
    const counts = async () => (await api(heralds[0].url, 'GET', '/health')).body as Counts;
    const before = await counts();
    const n = 300;
    for (let i = 0; i < n; i++) await publish(repository, i);
    const seqs = () => sink.requests.map(seqOf).filter((s) => s >= 0);
    await until(() => orderAtSink(seqs()).unique >= n, 60_000, `${n} distinct deliveries`);
    const order = orderAtSink(seqs());
    const after = await counts();
    const direct = after.checks.dispatcher.deliveriesDirect - before.checks.dispatcher.deliveriesDirect;
    console.log(`direct path: ${direct} of ${n} deliveries direct, ${order.outOfOrder} out of order`);
    expect(order.outOfOrder).toBe(0);
    // The two failed sends of event 150, and nothing else, arrived twice.
    expect(order.duplicates).toBe(2);
    expect(direct).toBeGreaterThanOrEqual(30);
    expect(after.actions.webhook.direct - before.actions.webhook.direct).toBe(direct);
  }, 120_000);

  it('2,000 events reach one notification in publish order while the instance owning the lane is killed -9', async () => {
    const repository = repo();
    const sink = await sinkWith();
    await notification(repository, sink);
    const n = 2000;
    // One event first, with one instance up: it takes the dispatcher's pin and the lane's, so the kill below hits the
    // owner of both. Then the standby starts.
    const owner = heralds[0];
    await publish(repository, -1);
    await sink.waitFor(1);
    const health = (await api(owner.url, 'GET', '/health')).body as Health;
    expect(health.checks.dispatcher.dispatching).toBe(true);
    expect(health.actions.webhook.ownedPartitions).toBeGreaterThan(0);
    await twoInstances();
    const publishing = (async () => {
      for (let i = 0; i < n; i++) await publish(repository, i);
    })();
    const startedAt = Date.now();
    await sink.waitFor(400, 60_000);
    console.log(`400 deliveries in ${Date.now() - startedAt} ms; killing the owner`);
    await owner.stop('SIGKILL');
    killed.add(owner);
    await publishing;
    const seqs = () => sink.requests.map(seqOf).filter((s) => s >= 0);
    await until(() => orderAtSink(seqs()).unique >= n, 120_000, `${n} distinct deliveries`).catch(
      async (err: Error) => {
        const consumers = await consumerStates(['REGISTRY_EVENTS', 'HERALD_LANES']);
        const h = await api(live()[0].url, 'GET', '/health');
        throw new Error(
          `${err.message}: ${JSON.stringify(orderAtSink(seqs()))}, ${sink.requests.length} requests; ${JSON.stringify(consumers)}; ${JSON.stringify(h.body)}\n${live()[0].logs().slice(-3000)}`,
        );
      },
    );
    const order = orderAtSink(seqs());
    console.log(
      `lane failover: ${n} published, ${order.unique} distinct delivered, ${order.duplicates} duplicates, ${order.outOfOrder} out of order`,
    );
    expect(order.outOfOrder).toBe(0);
    expect(order.unique).toBe(n);
    const standby = (await api(live()[0].url, 'GET', '/health')).body as Health;
    expect(standby.checks.dispatcher.dispatching).toBe(true);
  }, 240_000);

  it('shows the lane settings in the API and refuses bad ones, naming the field', async () => {
    const repository = repo();
    const sink = await sinkWith();
    const strict = await notification(repository, sink);
    expect(strict).toMatchObject({ ordering: 'strict', max_in_flight: 1, rate_limit: null });
    const loose = await notification(repository, sink, {
      ordering: 'none',
      max_in_flight: 4,
      rate_limit: { per_second: 0.5 },
    });
    expect(loose).toMatchObject({ ordering: 'none', max_in_flight: 4, rate_limit: { per_second: 0.5, burst: 1 } });
    const bad = await api(live()[0].url, 'POST', `/api/v1/repository/${repository}/notification/`, {
      token,
      body: {
        event: 'repo_push',
        method: 'webhook',
        config: { url: `${sink.url}/hook` },
        ordering: 'sometimes',
        rate_limit: { per_second: -1, every: 2 },
      },
    });
    expect(bad.status).toBe(400);
    const message = JSON.stringify(bad.body);
    expect(message).toContain('ordering must be one of: strict, none');
    expect(message).toContain('rate_limit.per_second must be a number above 0');
    expect(message).toContain('rate_limit has unknown field(s): every');
  });

  it('a failing head holds its own lane only; an unordered notification is not held', async () => {
    const repository = repo();
    // Strict and failing until the test says otherwise (the schedule allows about 5 s of retries).
    let failingUp = false;
    const failing = await sinkWith(() => ({ status: failingUp ? 200 : 500 }));
    const healthy = await sinkWith();
    const loose = await sinkWith((req) => ({ status: seqOf(req) === 0 && looseFailures++ < 3 ? 500 : 200 }));
    let looseFailures = 0;
    await notification(repository, failing);
    await notification(repository, healthy);
    await notification(repository, loose, { ordering: 'none' });
    for (let i = 0; i < 3; i++) await publish(repository, i);

    // The healthy lane and the unordered one deliver 1 and 2 while the failing head still waits for its retries.
    await healthy.waitFor(3);
    await until(() => loose.requests.filter((r) => seqOf(r) !== 0).length === 2, 15_000, 'the unordered lane');
    const failingSoFar = failing.requests.map(seqOf);
    expect(failingSoFar.every((s) => s === 0)).toBe(true);
    expect(healthy.requests.map(seqOf)).toEqual([0, 1, 2]);

    // Then the head gets through, and the lane goes on in order.
    // Every request so far got a 500; every one from now on gets a 200.
    failingUp = true;
    const held = failing.requests.length;
    await failing.waitFor(held + 3, 20_000).catch(async (err: Error) => {
      const consumers = await consumerStates(['HERALD_LANES']);
      throw new Error(
        `${err.message}; ${JSON.stringify(consumers)}\n${live()
          .map((h) => h.logs().slice(-2500))
          .join('\n----\n')}`,
      );
    });
    expect(failing.requests.map(seqOf)).toEqual([...Array(held).fill(0), 0, 1, 2]);
    await until(() => loose.requests.length === 6, 20_000, 'the unordered retries');
    expect(loose.requests.filter((r) => seqOf(r) === 0)).toHaveLength(4);
  });

  it('a 429 slows the lane down without spending its retries', async () => {
    const repository = repo();
    // Three 429s, each asking for 300 ms; the schedule allows six retries, so spending them would show in attempts.
    const sink = await sinkWith((_req, i) =>
      i < 3 ? { status: 429, headers: { 'retry-after': '0.3' }, body: 'slow down' } : { status: 200 },
    );
    const { uuid } = await notification(repository, sink);
    const receipt = await publish(repository, 0);
    const requests = await sink.waitFor(4, 15_000);
    for (let i = 1; i < 4; i++) expect(requests[i].at - requests[i - 1].at).toBeGreaterThanOrEqual(250);
    const id = encodeURIComponent(`${receipt.eventId}:${uuid}`);
    const base = `/api/v1/repository/${repository}/notification/${uuid}/deliveries/${id}`;
    let view: { status?: string; attempt_count?: number } = {};
    await until(
      async () => {
        view = (await api(live()[0].url, 'GET', base, { token })).body as typeof view;
        return view.status === 'delivered';
      },
      10_000,
      'the delivery on record',
    );
    expect(view.attempt_count).toBe(1);
  });

  it('holds a rate limit of 2 per second with two instances up', async () => {
    await twoInstances();
    const repository = repo();
    const sink = await sinkWith();
    await notification(repository, sink, { rate_limit: { per_second: 2 } });
    const n = 12;
    for (let i = 0; i < n; i++) await publish(repository, i);
    const requests = await sink.waitFor(n, 30_000);
    const at = requests.map((r) => r.at);
    const rate = ((n - 1) * 1000) / (at[n - 1] - at[0]);
    console.log(`rate limit 2/s at the sink: ${rate.toFixed(2)} deliveries/s over ${n} deliveries`);
    // Every three consecutive arrivals span about a second (sends leave 500 ms apart; the sink sees them with the
    // jitter of a loaded machine); without the limit they would be milliseconds apart.
    for (let i = 2; i < n; i++) expect(at[i] - at[i - 2]).toBeGreaterThanOrEqual(800);
    expect(rate).toBeLessThanOrEqual(2.1);
    if (JSON.stringify(requests.map(seqOf)) !== JSON.stringify([...Array(n).keys()])) {
      console.log(
        live()
          .map((h) =>
            h
              .logs()
              .split('\n')
              .filter((l) => /pin|lane/i.test(l))
              .join('\n'),
          )
          .join('\n-----\n'),
      );
    }
    expect(requests.map(seqOf)).toEqual([...Array(n).keys()]);
  });
});
