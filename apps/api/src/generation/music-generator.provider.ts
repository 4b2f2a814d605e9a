import { Logger } from '@nestjs/common';
import {
  createElevenLabsMusicGenerator,
  MockMusicGenerator,
  type ElevenLabsMp3Format,
  type MusicGenerator,
} from '@radio402/generation';
import type { AppConfig } from '../config/app-config.js';

export const MUSIC_GENERATOR = Symbol('MUSIC_GENERATOR');

export async function createMusicGenerator(config: AppConfig): Promise<MusicGenerator> {
  const logger = new Logger('Generation');
  if (!config.eleven.enabled) {
    logger.log({ msg: 'Using the mock music generator', delay_ms: config.eleven.mockDelayMs });

    return new MockMusicGenerator({ delayMs: config.eleven.mockDelayMs });
  }

  logger.log({ msg: 'Using ElevenLabs Music', model: config.eleven.modelId });

  return createElevenLabsMusicGenerator({
    apiKey: config.eleven.apiKey!,
    baseUrl: config.eleven.baseUrl,
    modelId: config.eleven.modelId as never,
    outputFormat: config.eleven.outputFormat as ElevenLabsMp3Format,
    timeoutSeconds: config.eleven.timeoutSeconds,
    retryWithSuggestion: config.eleven.retryWithSuggestion,
  });
}
