import { Module } from '@nestjs/common';
import { EmailPlugin } from './email.plugin';

@Module({ providers: [EmailPlugin], exports: [EmailPlugin] })
export class EmailPluginModule {}
