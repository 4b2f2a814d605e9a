import { Logger } from '@nestjs/common';
import {
  ElevenLabsMusicGenerator,
  MockMusicGenerator,
  type ElevenLabsMp3Format,
  type MusicGenerator,
} from '@radio402/generation';
import type { AppConfig } from '../config/app-config.js';

export const MUSIC_GENERATOR = Symbol('MUSIC_GENERATOR');

export function createMusicGenerator(config: AppConfig): MusicGenerator {
  const logger = new Logger('Generation');
  if (!config.eleven.enabled) {
    logger.log({ msg: 'Using the mock music generator', delay_ms: config.eleven.mockDelayMs });

    return new MockMusicGenerator({ delayMs: config.eleven.mockDelayMs });
  }

  logger.log({ msg: 'Using ElevenLabs Music', model: config.eleven.modelId });

  return new ElevenLabsMusicGenerator({
    apiKey: config.eleven.apiKey!,
    baseUrl: config.eleven.baseUrl,
    modelId: config.eleven.modelId as never,
    outputFormat: config.eleven.outputFormat as ElevenLabsMp3Format,
    timeoutSeconds: config.eleven.timeoutSeconds,
    retryWithSuggestion: config.eleven.retryWithSuggestion,
  });
}
