import { createReadStream } from 'node:fs';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InvalidAudioKeyError, LocalDiskAudioStorage, parseByteRange } from '@radio402/generation';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInputError, NotFoundError } from '../common/app-error.js';
import { LOCAL_AUDIO } from './storage.module.js';

/** A year: keys are unique per upload and never overwritten. */
const CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** Serves locally stored audio with HTTP Range, so players can seek to the station's position. */
@ApiTags('audio')
@Controller('audio')
export class AudioController {
  constructor(@Inject(LOCAL_AUDIO) private readonly storage: LocalDiskAudioStorage) {}

  @Get('*')
  @ApiOkResponse({ description: 'The whole file' })
  @ApiResponse({ status: 206, description: 'The requested byte range' })
  @ApiResponse({ status: 416, description: 'The range starts past the end of the file' })
  // Fastify answers HEAD from this route too, dropping the body.
  async get(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const key = decodeKey((request.params as Record<string, string>)['*'] ?? '');
    const file = await this.resolve(key);
    const etag = `"${file.size.toString(16)}-${Buffer.from(key).toString('base64url').slice(-16)}"`;
    reply
      .header('Content-Type', file.contentType)
      .header('Accept-Ranges', 'bytes')
      .header('Cache-Control', CACHE_CONTROL)
      .header('ETag', etag);

    if (request.headers['if-none-match'] === etag) return reply.status(304).send();

    const range = parseByteRange(request.headers.range, file.size);
    if (range === 'unsatisfiable') {
      return reply
        .status(416)
        .header('Content-Range', `bytes */${file.size}`)
        .type('application/json')
        .send({
          statusCode: 416,
          error: 'Range Not Satisfiable',
          message: `Range ${request.headers.range} is outside the ${file.size}-byte file`,
        });
    }

    const { start, end } = range ?? { start: 0, end: file.size - 1 };
    reply.status(range ? 206 : 200).header('Content-Length', end - start + 1);
    if (range) reply.header('Content-Range', `bytes ${start}-${end}/${file.size}`);
    return reply.send(createReadStream(file.path, { start, end }));
  }

  private async resolve(key: string) {
    try {
      const file = await this.storage.resolve(key);
      if (!file) throw new NotFoundError(`No audio is stored under ${key}`);

      return file;
    } catch (error) {
      if (error instanceof InvalidAudioKeyError) {
        throw new InvalidInputError(`Invalid audio key: ${error.message}`);
      }
      throw error;
    }
  }
}

function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new InvalidInputError('Invalid audio key: it is not valid URL encoding');
  }
}
