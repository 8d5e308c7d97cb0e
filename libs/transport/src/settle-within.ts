/** Waits for every promise to settle or for the time to run out; true when they all settled in time. */
export async function settleWithin(promises: Promise<unknown>[], timeoutMs: number): Promise<boolean> {
  if (promises.length === 0) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(timeoutMs, 0))));
  const settled = await Promise.race([Promise.allSettled(promises).then(() => true as const), timeout]);
  clearTimeout(timer);
  return settled;
}
