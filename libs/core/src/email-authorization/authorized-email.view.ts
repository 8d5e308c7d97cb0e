import type { AuthorizedEmail } from './authorized-email.schema';

/** Quay's answer for GET and POST authorizedemail: the code is never shown. */
export interface AuthorizedEmailView {
  email: string;
  /** The repository's name within its namespace, as Quay. */
  repository: string;
  namespace: string;
  confirmed: boolean;
}

export function toAuthorizedEmailView(a: Pick<AuthorizedEmail, 'email' | 'repository' | 'namespace' | 'confirmed'>) {
  return {
    email: a.email,
    repository: a.repository.slice(a.namespace.length + 1),
    namespace: a.namespace,
    confirmed: a.confirmed,
  } satisfies AuthorizedEmailView;
}
