/**
 * Runs `run` every `periodMs`, the first time at a random point of the first period: instances restarted together do
 * not all run it at once, and a restart does not put it in the middle of the traffic it resumes. Unref'd timers, so it
 * never keeps a process alive; call the returned function to stop it.
 */
export function startPeriodicJob(run: () => void, periodMs: number): () => void {
  let timer: NodeJS.Timeout = setTimeout(() => {
    run();
    timer = setInterval(run, periodMs);
    timer.unref();
  }, Math.random() * periodMs);
  timer.unref();
  return () => {
    clearTimeout(timer);
    clearInterval(timer);
  };
}
