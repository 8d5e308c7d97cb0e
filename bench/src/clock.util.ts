/**
 * Milliseconds on a clock every process on this machine shares (the wall clock at process start plus the monotonic
 * clock since), with sub-millisecond resolution. Publish and arrival times from different processes are comparable.
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
