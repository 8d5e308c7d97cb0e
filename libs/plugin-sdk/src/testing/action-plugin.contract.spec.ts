import { IsString } from 'class-validator';
import type { ActionPlugin } from '../action-plugin.interface';
import type { DeliveryOutcome } from '../delivery.types';
import { checkActionPluginContract } from './action-plugin.contract';

class UrlConfig {
  @IsString()
  url!: string;
}

/** Always says delivered, throws on network errors and ignores its signal: three ways to break the contract. */
class CarelessPlugin implements ActionPlugin<UrlConfig> {
  readonly method = 'careless';
  readonly configClass = UrlConfig;

  async deliver(): Promise<DeliveryOutcome> {
    await new Promise((r) => setTimeout(r, 900));
    return { status: 'delivered' };
  }
}

describe('checkActionPluginContract', () => {
  it('reports each way a plugin breaks the contract', async () => {
    const problems = await checkActionPluginContract({
      plugin: new CarelessPlugin(),
      configFor: (url) => ({ url }),
      invalidConfigs: [
        { config: { url: 1 }, field: 'url' },
        { config: {}, field: 'missing' },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/must be refused with an error naming config\.missing/),
        'HTTP 500: outcome delivered, expected retry',
        'HTTP 410: outcome delivered, expected failed',
        expect.stringMatching(/ignored its abort signal/),
        'a refused connection: outcome delivered, expected retry',
        expect.stringMatching(/^a destination the outbound policy refuses \(169\.254\.169\.254\)/),
      ]),
    );
    expect(problems.some((p) => p.startsWith('config {"url":1}'))).toBe(false);
  });
});
