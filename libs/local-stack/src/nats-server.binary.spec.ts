import { ensureNatsServer } from './nats-server.binary';

describe('ensureNatsServer', () => {
  it('finds nats-server in /usr/sbin or /usr/bin even when PATH lacks them', async () => {
    const path = await ensureNatsServer({ env: { PATH: '/nonexistent' } });
    expect(path).toMatch(/^\/usr\/s?bin\/nats-server$/);
  });

  it('prefers HERALD_NATS_SERVER_BIN and reports a wrong one clearly', async () => {
    await expect(ensureNatsServer({ env: { HERALD_NATS_SERVER_BIN: '/nonexistent/nats-server' } })).rejects.toThrow(
      'HERALD_NATS_SERVER_BIN=/nonexistent/nats-server is not an executable file',
    );
  });
});
