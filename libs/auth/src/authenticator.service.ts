import { Injectable } from '@nestjs/common';
import { Actor } from '@herald/core';
import { API_TOKEN_PREFIX } from './api-token.format';
import { ApiTokenStore } from './api-token.store';
import { AuthenticationError } from './authentication.error';
import { JwtVerifier } from './jwt.verifier';

// RFC 6750: the scheme is case-insensitive, the token is one run of token68 characters.
const BEARER = /^([A-Za-z]+)(?:[ \t]+(.*))?$/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Resolves an Authorization header to an Actor: `hrld_` API tokens from the store, anything else as a registry JWT. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly jwtVerifier: JwtVerifier,
    private readonly apiTokens: ApiTokenStore,
  ) {}

  async authenticate(authorizationHeader: string | undefined): Promise<Actor> {
    const header = authorizationHeader?.trim();
    if (!header) throw new AuthenticationError('missing bearer token');
    const match = BEARER.exec(header);
    if (!match || match[1].toLowerCase() !== 'bearer') {
      throw new AuthenticationError('authorization scheme must be Bearer');
    }
    const token = match[2]?.trim();
    if (!token) throw new AuthenticationError('missing bearer token');
    if (!TOKEN68.test(token)) throw new AuthenticationError('malformed bearer token');
    return token.startsWith(API_TOKEN_PREFIX) ? this.apiTokens.authenticate(token) : this.jwtVerifier.verify(token);
  }
}
