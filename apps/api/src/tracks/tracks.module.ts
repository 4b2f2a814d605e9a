import { Global, Module } from '@nestjs/common';
import { TracksRepository } from './tracks.repository.js';

@Global()
@Module({ providers: [TracksRepository], exports: [TracksRepository] })
export class TracksModule {}
