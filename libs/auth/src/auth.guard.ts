import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { Actor, isPublishActor } from '@herald/core';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';
import { AuthenticationError } from './authentication.error';
import { Authenticator } from './authenticator.service';
import { PUBLISH_ROUTE } from './publish-scope';

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

function setHeader(response: HttpResponseLike, name: string, value: string): void {
  if (typeof response.header === 'function') response.header(name, value);
  else response.setHeader?.(name, value);
}

/**
 * Lets a request through only with a valid bearer token, and puts its actor on `request.actor`; then spends one of the
 * actor's requests for the minute, so one client (a runaway script, a leaked token) cannot crowd out the others.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly limiter?: RateLimiterMemory;
  // Reads metadata only: no state, so no injection needed.
  private readonly reflector = new Reflector();

  constructor(
    private readonly authenticator: Authenticator,
    @Inject(AUTH_SETTINGS) settings: AuthSettings,
  ) {
    if (settings.ratePerMinute) this.limiter = new RateLimiterMemory({ points: settings.ratePerMinute, duration: 60 });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    try {
      request.actor = await this.authenticator.authenticate(Array.isArray(header) ? header[0] : header);
    } catch (err) {
      // Anything else (the database down, a JWKS endpoint unreachable) is a server error, not the client's token.
      if (!(err instanceof AuthenticationError)) throw err;
      setHeader(http.getResponse<HttpResponseLike>(), 'WWW-Authenticate', WWW_AUTHENTICATE);
      throw new UnauthorizedException({ message: err.message, error_type: 'invalid_token' });
    }
    this.checkTokenKind(request.actor, context);
    await this.spend(request.actor, http.getResponse<HttpResponseLike>());
    return true;
  }

  /**
   * Publish tokens sit in a registry's config file, so they reach nothing but the ingest routes; and those take nothing
   * but publish tokens, so an admin's token (or one leaked from a browser) cannot inject events for any repository.
   */
  private checkTokenKind(actor: Actor, context: ExecutionContext): void {
    const publishRoute = this.reflector.getAllAndOverride<boolean>(PUBLISH_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const publisher = isPublishActor(actor);
    if (publishRoute && !publisher) {
      throw new ForbiddenException(
        'publishing events takes a publish token (an API token with source claims); this bearer has none',
      );
    }
    if (!publishRoute && publisher) {
      throw new ForbiddenException('a publish token only publishes events: POST /api/v1/sources/{source}/events');
    }
  }

  private async spend(actor: Actor, response: HttpResponseLike): Promise<void> {
    if (!this.limiter) return;
    try {
      await this.limiter.consume(`${actor.kind}:${actor.id}`);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      setHeader(response, 'Retry-After', String(seconds));
      throw new HttpException(
        { message: `rate limit of ${this.limiter.points} requests a minute reached; retry in ${seconds} s` },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }
}
