import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { Actor } from '@herald/core';
import { AuthenticatedRequest, AuthGuard, WWW_AUTHENTICATE } from './auth.guard';
import { AuthenticationError } from './authentication.error';
import { Authenticator } from './authenticator.service';
import { PublishRoute } from './publish-scope';

const actor: Actor = { id: 'alice', kind: 'user', access: [], superuser: false };

class Routes {
  plain(): void {}
  @PublishRoute()
  ingest(): void {}
}

function httpContext(request: AuthenticatedRequest, response: object, route: keyof Routes = 'plain'): ExecutionContext {
  return {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
    getHandler: () => Routes.prototype[route],
    getClass: () => Routes,
  } as unknown as ExecutionContext;
}

function guardWith(authenticate: (header: string | undefined) => Promise<Actor>, ratePerMinute?: number) {
  return new AuthGuard({ authenticate: jest.fn(authenticate) } as unknown as Authenticator, {
    clockToleranceSec: 30,
    ratePerMinute,
  });
}

describe('AuthGuard', () => {
  it("answers 429 with Retry-After once the actor's requests for the minute are spent, per actor", async () => {
    const guard = guardWith(async (h) => ({ ...actor, id: h === 'Bearer bob' ? 'bob' : 'alice' }), 2);
    const setHeader = jest.fn();
    const alice = () => guard.canActivate(httpContext({ headers: { authorization: 'Bearer a' } }, { setHeader }));
    await expect(alice()).resolves.toBe(true);
    await expect(alice()).resolves.toBe(true);
    const err = await alice().catch((e: unknown) => e);
    expect((err as { getStatus(): number }).getStatus()).toBe(429);
    expect(setHeader).toHaveBeenCalledWith('Retry-After', expect.stringMatching(/^\d+$/));
    // Another actor still has its own allowance.
    const bob = guard.canActivate(httpContext({ headers: { authorization: 'Bearer bob' } }, {}));
    await expect(bob).resolves.toBe(true);
  });

  it('puts the actor on the request', async () => {
    const request: AuthenticatedRequest = { headers: { authorization: 'Bearer t' } };
    const guard = guardWith(async () => actor);
    await expect(guard.canActivate(httpContext(request, {}))).resolves.toBe(true);
    expect(request.actor).toBe(actor);
  });

  it('answers 401 invalid_token with a WWW-Authenticate header', async () => {
    const setHeader = jest.fn();
    const guard = guardWith(async () => {
      throw new AuthenticationError('token expired');
    });
    const err = await guard.canActivate(httpContext({ headers: {} }, { setHeader })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthorizedException);
    expect((err as UnauthorizedException).getStatus()).toBe(401);
    expect((err as UnauthorizedException).getResponse()).toEqual({
      message: 'token expired',
      error_type: 'invalid_token',
    });
    expect(setHeader).toHaveBeenCalledWith('WWW-Authenticate', WWW_AUTHENTICATE);
    expect(WWW_AUTHENTICATE).toBe('Bearer realm="herald", error="invalid_token"');
  });

  it('uses reply.header where there is one (Fastify)', async () => {
    const header = jest.fn();
    const guard = guardWith(async () => {
      throw new AuthenticationError('missing bearer token');
    });
    await expect(guard.canActivate(httpContext({ headers: {} }, { header }))).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
    expect(header).toHaveBeenCalledWith('WWW-Authenticate', WWW_AUTHENTICATE);
  });

  it('lets other failures through as they are', async () => {
    const outage = new Error('database unreachable');
    const guard = guardWith(async () => {
      throw outage;
    });
    await expect(guard.canActivate(httpContext({ headers: {} }, { setHeader: jest.fn() }))).rejects.toBe(outage);
  });

  describe('publish tokens', () => {
    const publisher: Actor = {
      id: 'token:p',
      kind: 'api_token',
      access: [{ type: 'source', name: 'distribution', actions: ['publish'] }],
      superuser: false,
    };
    const status = (p: Promise<unknown>) => p.then(() => 200).catch((e: { getStatus(): number }) => e.getStatus());
    const call = (who: Actor, route: keyof Routes) =>
      status(
        guardWith(async () => who).canActivate(httpContext({ headers: { authorization: 'Bearer t' } }, {}, route)),
      );

    it('reach the publish routes and nothing else', async () => {
      expect(await call(publisher, 'ingest')).toBe(200);
      expect(await call(publisher, 'plain')).toBe(403);
    });

    it('are the only bearers a publish route takes, a superuser included', async () => {
      expect(await call({ ...actor, superuser: true }, 'ingest')).toBe(403);
      expect(await call({ ...publisher, kind: 'user' }, 'ingest')).toBe(403);
      expect(await call(actor, 'plain')).toBe(200);
    });
  });
});
