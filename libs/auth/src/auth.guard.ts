import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Actor } from '@herald/core';
import { AuthenticationError } from './authentication.error';
import { Authenticator } from './authenticator.service';

/** The part of an HTTP request the guard reads and writes (Express and Fastify both fit). */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

interface HttpResponseLike {
  header?: (name: string, value: string) => unknown;
  setHeader?: (name: string, value: string) => unknown;
}

export const WWW_AUTHENTICATE = 'Bearer realm="herald", error="invalid_token"';

/** Lets a request through only with a valid bearer token, and puts its actor on `request.actor`. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly authenticator: Authenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    try {
      request.actor = await this.authenticator.authenticate(Array.isArray(header) ? header[0] : header);
      return true;
    } catch (err) {
      // Anything else (the database down, a JWKS endpoint unreachable) is a server error, not the client's token.
      if (!(err instanceof AuthenticationError)) throw err;
      const response = http.getResponse<HttpResponseLike>();
      if (typeof response.header === 'function') response.header('WWW-Authenticate', WWW_AUTHENTICATE);
      else response.setHeader?.('WWW-Authenticate', WWW_AUTHENTICATE);
      throw new UnauthorizedException({ message: err.message, error_type: 'invalid_token' });
    }
  }
}
