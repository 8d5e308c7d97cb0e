/** Whether a nats-server version string (`2.15.2`) is at least major.minor. */
export function serverVersionAtLeast(version: string, major: number, minor: number): boolean {
  const [ma, mi] = version.split('.').map((n) => Number.parseInt(n, 10));
  return ma > major || (ma === major && mi >= minor);
}
