/** The credentials were missing or not accepted; the HTTP layer turns it into a 401. */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}
