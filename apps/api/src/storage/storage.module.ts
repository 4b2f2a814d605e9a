import { join } from 'node:path';
import { Global, Logger, Module } from '@nestjs/common';
import {
  LocalDiskAudioStorage,
  SupabaseAudioStorage,
  type AudioStorage,
} from '@radio402/generation';
import { AppConfig } from '../config/app-config.js';

export const AUDIO_STORAGE = Symbol('AUDIO_STORAGE');
export const LOCAL_AUDIO = Symbol('LOCAL_AUDIO');

async function createAudioStorage(config: AppConfig, local: LocalDiskAudioStorage) {
  const logger = new Logger('Storage');
  if (!config.supabase.url || !config.supabase.serviceRoleKey) {
    logger.log({ msg: 'Storing audio on local disk', dir: join(config.dataDir, 'audio') });

    return local;
  }

  const storage = new SupabaseAudioStorage({
    url: config.supabase.url,
    serviceRoleKey: config.supabase.serviceRoleKey,
    bucket: config.supabase.bucket,
  });
  if (config.runsWorker) {
    const bucket = await storage.ensureBucket();
    logger.log({
      msg: 'Storing audio in Supabase Storage',
      bucket: config.supabase.bucket,
      ...bucket,
    });
  }

  return storage as AudioStorage;
}

/** Where generated audio goes: local disk under DATA_DIR (default) or Supabase Storage. */
@Global()
@Module({
  providers: [
    {
      provide: LOCAL_AUDIO,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new LocalDiskAudioStorage({ dir: join(config.dataDir, 'audio'), publicPath: '/api/audio' }),
    },
    {
      provide: AUDIO_STORAGE,
      inject: [AppConfig, LOCAL_AUDIO],
      useFactory: createAudioStorage,
    },
  ],
  exports: [AUDIO_STORAGE, LOCAL_AUDIO],
})
export class StorageModule {}
