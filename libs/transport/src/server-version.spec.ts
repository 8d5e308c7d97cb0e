import { supportsAtomicBatches } from './pinned/atomic-batch.publisher';
import { supportsPinnedConsumers } from './pinned/pinned-connection.factory';
import { serverVersionAtLeast } from './server-version';

describe('nats-server versions', () => {
  it('compares major and minor', () => {
    expect(serverVersionAtLeast('2.15.2', 2, 12)).toBe(true);
    expect(serverVersionAtLeast('2.9.25', 2, 11)).toBe(false);
    expect(serverVersionAtLeast('3.0.0', 2, 12)).toBe(true);
  });

  it('names what lanes need: pinned consumers from 2.11, atomic batches from 2.12', () => {
    expect(supportsPinnedConsumers('2.11.0')).toBe(true);
    expect(supportsAtomicBatches('2.11.9')).toBe(false);
    expect(supportsAtomicBatches('2.12.0')).toBe(true);
  });
});
