/** Hash routes, so /console serves one index.html and a deep link needs nothing from the server. */
export type Route =
  | { page: 'home' }
  | { page: 'repository'; repository: string }
  | { page: 'deliveries'; repository: string; uuid: string };

const DELIVERIES = /^#\/repository\/([^/]+)\/([^/]+)\/notifications\/([^/]+)\/deliveries\/?$/;
const REPOSITORY = /^#\/repository\/([^/]+)\/([^/]+)\/?$/;

export function parseRoute(hash: string): Route {
  const d = DELIVERIES.exec(hash);
  if (d) return { page: 'deliveries', repository: `${dec(d[1])}/${dec(d[2])}`, uuid: dec(d[3]) };
  const r = REPOSITORY.exec(hash);
  if (r) return { page: 'repository', repository: `${dec(r[1])}/${dec(r[2])}` };
  return { page: 'home' };
}

function dec(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const enc = (repository: string) => repository.split('/').map(encodeURIComponent).join('/');

export const repositoryHref = (repository: string) => `#/repository/${enc(repository)}`;
export const deliveriesHref = (repository: string, uuid: string) =>
  `#/repository/${enc(repository)}/notifications/${encodeURIComponent(uuid)}/deliveries`;

/** `namespace/repository`, as typed: both parts present, no further slash. */
export function isRepositoryName(text: string): boolean {
  return /^[^/\s]+\/[^/\s]+$/.test(text);
}
