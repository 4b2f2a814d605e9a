import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/**
 * Strict request validation: unknown fields are refused, values are transformed into their DTO
 * types, and the 400 message names the field and what is wrong with it.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new BadRequestException(flatten(errors).join('; ')),
  });
}

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      text.replace(/^property (\S+) should not exist$/, `${path} is not an accepted field`),
    );

    return [...own, ...flatten(error.children ?? [], path)];
  });
}
