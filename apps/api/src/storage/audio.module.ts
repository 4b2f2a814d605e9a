import { Module } from '@nestjs/common';
import { AudioController } from './audio.controller.js';

@Module({ controllers: [AudioController] })
export class AudioModule {}
