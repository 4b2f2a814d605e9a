import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MockProofDto, MockProofRequestDto } from '../queue/dto/queue.dto.js';
import { WriteRateLimit } from '../security/rate-limit.guard.js';
import { MockProofService } from './mock-proof.service.js';

@ApiTags('x402')
@Controller('x402')
export class MockProofController {
  constructor(private readonly proofs: MockProofService) {}

  @Post('mock-proof')
  @WriteRateLimit()
  @HttpCode(200)
  @ApiOkResponse({ type: MockProofDto })
  @ApiNotFoundResponse({ description: 'Unknown track, or real payments are configured' })
  @ApiConflictResponse({ description: 'The track is not awaiting payment' })
  async create(@Body() body: MockProofRequestDto): Promise<MockProofDto> {
    return { payment_proof: await this.proofs.sign(body.track_id) };
  }
}
