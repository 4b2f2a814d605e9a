import { Injectable } from '@nestjs/common';
import { InjectDb, type Db } from '../database/database.module.js';
import type { UserRow } from '../database/database.types.js';

@Injectable()
export class UsersRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  create(displayName: string): Promise<UserRow> {
    return this.db
      .insertInto('users')
      .values({ display_name: displayName })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
