import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsUUID } from 'class-validator';

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() display_name: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class UserResponseDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
}

export class UserIdQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsDefined({ message: 'id is required' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class UserIdParamDto extends UserIdQueryDto {}
