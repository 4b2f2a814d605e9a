import { Injectable, Logger } from '@nestjs/common';
import { NotFoundError } from '../common/app-error.js';
import type { UserRow } from '../database/database.types.js';
import type { UserDto } from './dto/user.dto.js';
import { UsersRepository } from './users.repository.js';

export class UserNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`User ${id} does not exist`);
  }
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(private readonly users: UsersRepository) {}

  async create(displayName: string): Promise<UserDto> {
    const user = await this.users.create(displayName);
    this.logger.log({ msg: 'User has been created', user_id: user.id });

    return toUserDto(user);
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.users.findById(id);
    if (!user) throw new UserNotFoundError(id);

    return toUserDto(user);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.users.findById(id)) !== undefined;
  }
}

export function toUserDto(user: UserRow): UserDto {
  return {
    id: user.id,
    display_name: user.display_name,
    created_at: user.created_at.toISOString(),
  };
}
