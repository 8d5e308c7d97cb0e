import { readFileSync } from 'node:fs';

/** VmRSS / VmHWM of a process in MB, from /proc (undefined once it is gone or off Linux). */
export function procMemoryMb(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Samples a process's VmRSS every intervalMs and keeps the maximum. */
export class RssSampler {
  private timer?: NodeJS.Timeout;
  maxRssMb = 0;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 200,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  /** Stops sampling; returns the sampled maximum and the kernel's high-water mark (VmHWM) read right now. */
  stop(): { maxRssMb: number; hwmMb: number } {
    this.sample();
    clearInterval(this.timer);
    return { maxRssMb: this.maxRssMb, hwmMb: procMemoryMb(this.pid)?.hwm ?? NaN };
  }

  private sample(): void {
    const mem = procMemoryMb(this.pid);
    if (mem && mem.rss > this.maxRssMb) this.maxRssMb = mem.rss;
  }
}
