import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config.js';
import { PaymentGateway } from '../x402/payment-gateway.js';
import { ClientConfigDto } from './dto/queue.dto.js';

/** What a client needs to render the request form: durations and how payment works. */
@ApiTags('config')
@Controller('config')
export class ClientConfigController {
  constructor(
    private readonly config: AppConfig,
    private readonly gateway: PaymentGateway,
  ) {}

  @Get()
  @ApiOkResponse({ type: ClientConfigDto })
  get(): ClientConfigDto {
    return {
      station_name: this.config.station.name,
      durations: this.config.price.allowedDurations,
      x402: {
        enabled: this.config.x402.enabled,
        mode: this.gateway.mode,
        network: this.gateway.network.caip2,
        network_name: this.gateway.network.name,
        asset: this.gateway.network.usdcAddress,
        asset_symbol: 'USDC',
      },
      admin_enabled: Boolean(this.config.adminToken),
    };
  }
}
