/**
 * Runs `check` (a function with expect() calls, or one returning a value to check) until it stops throwing, and
 * returns its result; rethrows its last error after `timeoutMs`. For state that the system reaches on its own time
 * (a counter written after the delivery the test saw), so the test never races the write with a fixed pause.
 */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
