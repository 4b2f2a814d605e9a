import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { GenerationProcessor } from './generation.processor.js';
import { GenerationRecoverySweep } from './generation-recovery.sweep.js';
import { createMusicGenerator, MUSIC_GENERATOR } from './music-generator.provider.js';
import { TrackGenerationService } from './track-generation.service.js';

/** The worker side of generation: processor, music generator and recovery sweep. */
@Module({
  providers: [
    { provide: MUSIC_GENERATOR, inject: [AppConfig], useFactory: createMusicGenerator },
    TrackGenerationService,
    GenerationProcessor,
    GenerationRecoverySweep,
  ],
  exports: [TrackGenerationService, GenerationRecoverySweep],
})
export class GenerationWorkerModule {}
