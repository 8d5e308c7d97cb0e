import { HeraldPluginPackage, PLUGIN_API_VERSION } from '@herald/plugin-sdk';
import { DistributionSourceModule } from './distribution-source.module';

export { DistributionSource, DISTRIBUTION_MEDIA_TYPE } from './distribution.source';
export { DistributionSourceModule } from './distribution-source.module';

export const heraldPlugin: HeraldPluginPackage = {
  name: 'source-distribution',
  module: DistributionSourceModule,
  apiVersion: PLUGIN_API_VERSION,
};
