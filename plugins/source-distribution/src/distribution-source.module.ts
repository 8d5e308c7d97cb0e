import { Module } from '@nestjs/common';
import { DistributionSource } from './distribution.source';

@Module({ providers: [DistributionSource] })
export class DistributionSourceModule {}
