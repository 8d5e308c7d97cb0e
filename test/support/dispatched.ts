/** Events the instance's dispatcher has finished (every matching delivery appended to its lane), from /health. */
export async function dispatchedEvents(url: string): Promise<number> {
  const health = (await (await fetch(`${url}/health`)).json()) as { checks: { dispatcher: { events: number } } };
  return health.checks.dispatcher.events;
}

/**
 * Waits until the given instances have together dispatched `count` events. A test that asserts "this event was not
 * delivered" waits for this instead of a fixed pause: once the event is dispatched, any delivery it made is queued.
 */
export async function waitForDispatched(urls: string[], count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < deadline) {
    seen = (await Promise.all(urls.map(dispatchedEvents))).reduce((a, b) => a + b, 0);
    if (seen >= count) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dispatched ${seen} events of ${count} within ${timeoutMs} ms`);
}
