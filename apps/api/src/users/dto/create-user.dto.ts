import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, Length } from 'class-validator';
import { Trim } from '../../common/trim.transform.js';

export class CreateUserDto {
  @ApiProperty({ minLength: 1, maxLength: 40, example: 'Test User' })
  @Trim()
  // class-validator runs the lowest decorator first; stopAtFirstError keeps the first failure.
  @Length(1, 40, { message: 'display_name must be 1-40 characters after trimming' })
  @IsString({ message: 'display_name must be a string' })
  @IsDefined({ message: 'display_name is required' })
  display_name: string;
}
