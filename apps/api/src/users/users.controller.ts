import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CreateUserDto } from './dto/create-user.dto.js';
import { UserIdParamDto, UserIdQueryDto, UserResponseDto } from './dto/user.dto.js';
import { WriteRateLimit } from '../security/rate-limit.guard.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post('users')
  @HttpCode(201)
  @ApiCreatedResponse({ type: UserResponseDto })
  @WriteRateLimit()
  @ApiBadRequestResponse({ description: 'display_name missing, empty, too long or not a string' })
  async create(@Body() body: CreateUserDto): Promise<UserResponseDto> {
    return { user: await this.users.create(body.display_name) };
  }

  @Get('users/:id')
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse({ description: 'No user has this id' })
  async get(@Param() params: UserIdParamDto): Promise<UserResponseDto> {
    return { user: await this.users.get(params.id) };
  }

  /** Query-string twin of GET /users/:id for clients that cannot build dynamic paths. */
  @Get('users-get')
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse({ description: 'No user has this id' })
  async getByQuery(@Query() query: UserIdQueryDto): Promise<UserResponseDto> {
    return { user: await this.users.get(query.id) };
  }
}
