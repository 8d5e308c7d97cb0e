import type { HeldMessage, PinnedSession } from '@herald/transport';
import { Semaphore } from '@herald/transport';
import { firstAttempt } from '../dispatch/delivery-message';
import { LaneExecutor, LaneRunner, LaneWork, StepResult } from './lane-runner';
import { DEFAULT_LANE, LaneSettings } from './lane-settings';

const settle = () => new Promise((r) => setImmediate(r));

function session(): PinnedSession & { end(): void } {
  const c = new AbortController();
  return { id: 'pin', lost: c.signal, end: () => c.abort() };
}

function work(seq: number, s: PinnedSession, uuid = 'n-1'): LaneWork & { held: { ack: jest.Mock; nak: jest.Mock } } {
  const held = { msg: { seq }, session: s, ack: jest.fn(), nak: jest.fn(), term: jest.fn() };
  return {
    held: held as unknown as HeldMessage & typeof held,
    delivery: firstAttempt({
      deliveryId: `e${seq}:${uuid}`,
      eventId: `e${seq}`,
      event: 'repo_push',
      payload: {},
      notification: { uuid } as never,
      test: false,
    }),
  };
}

/** An executor whose steps wait until the test answers them, in the order they started. */
function scripted() {
  const started: string[] = [];
  const answers: ((r: StepResult) => void)[] = [];
  const executor: LaneExecutor = {
    step: (w) => {
      started.push(`${w.delivery.eventId}#${w.delivery.attempt}`);
      return new Promise<StepResult>((resolve) => answers.push(resolve));
    },
  };
  const answer = async (r: StepResult = { kind: 'settled' }) => {
    answers.shift()?.(r);
    await settle();
  };
  return { executor, started, answer };
}

function runner(executor: LaneExecutor, settings: (uuid: string) => LaneSettings = () => DEFAULT_LANE, cap = 2) {
  return new LaneRunner(executor, settings, new Semaphore(8), cap);
}

describe('LaneRunner', () => {
  it('runs a strict lane one at a time in order, and other lanes beside it', async () => {
    const { executor, started, answer } = scripted();
    const r = runner(executor);
    const s = session();
    for (const w of [work(1, s), work(2, s), work(3, s, 'n-2')]) r.offer(w);
    await settle();
    expect(started).toEqual(['e1#1', 'e3#1']);
    await answer();
    expect(started).toEqual(['e1#1', 'e3#1', 'e2#1']);
  });

  it('keeps a retrying head in place: the lane waits for it', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const { executor, started, answer } = scripted();
      const r = runner(executor);
      const s = session();
      const first = work(1, s);
      r.offer(first);
      r.offer(work(2, s));
      await settle();
      await answer({ kind: 'again', at: Date.now() + 500, next: { ...first.delivery, attempt: 2 } });
      expect(started).toEqual(['e1#1']);
      jest.advanceTimersByTime(500);
      await settle();
      expect(started).toEqual(['e1#1', 'e1#2']);
      await answer();
      expect(started).toEqual(['e1#1', 'e1#2', 'e2#1']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('runs an unordered lane up to its bound at once', async () => {
    const { executor, started } = scripted();
    const r = runner(executor, () => ({ ordering: 'none', max_in_flight: 2, rate_limit: null }));
    const s = session();
    for (let i = 1; i <= 4; i++) r.offer(work(i, s));
    await settle();
    expect(started).toEqual(['e1#1', 'e2#1']);
  });

  it('a blocked lane holds its cap and hands the rest back; none overtakes them', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const { executor, answer } = scripted();
      const r = runner(executor, () => DEFAULT_LANE, 2);
      const s = session();
      const w = [1, 2, 3, 4].map((seq) => work(seq, s));
      for (const x of w) r.offer(x);
      await settle();
      // The head now waits 5 s for its retry: the lane keeps 2 (head and one) and hands 3 and 4 back.
      await answer({ kind: 'again', at: Date.now() + 5000, next: { ...w[0].delivery, attempt: 2 } });
      expect(w[2].held.nak).toHaveBeenCalled();
      expect(w[3].held.nak).toHaveBeenCalled();
      expect(w[1].held.nak).not.toHaveBeenCalled();
      // A newer message is handed back too while 3 and 4 are out.
      const later = work(5, s);
      r.offer(later);
      expect(later.held.nak).toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
    }
  });

  it('when the pin moves, hands back what has not started and keeps the running head', async () => {
    const { executor } = scripted();
    const r = runner(executor);
    const s = session();
    const w = [work(1, s), work(2, s), work(3, s)];
    for (const x of w) r.offer(x);
    await settle();
    s.end();
    expect(w[0].held.nak).not.toHaveBeenCalled();
    expect(w[1].held.nak).toHaveBeenCalled();
    expect(w[2].held.nak).toHaveBeenCalled();
  });

  it('spaces sends by the lane rate limit', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const { executor, started, answer } = scripted();
      const r = runner(executor, () => ({
        ordering: 'strict',
        max_in_flight: 1,
        rate_limit: { per_second: 2, burst: 1 },
      }));
      const s = session();
      for (let i = 1; i <= 3; i++) r.offer(work(i, s));
      await settle();
      expect(started).toEqual(['e1#1']);
      await answer();
      expect(started).toEqual(['e1#1']);
      jest.advanceTimersByTime(500);
      await settle();
      expect(started).toEqual(['e1#1', 'e2#1']);
    } finally {
      jest.useRealTimers();
    }
  });
});
