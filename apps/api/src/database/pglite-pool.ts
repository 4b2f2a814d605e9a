import { PGlite, types } from '@electric-sql/pglite';

interface QueryResult {
  rows: unknown[];
  rowCount: number;
  command: string;
}

const COMMAND = /^\s*(INSERT|UPDATE|DELETE|MERGE|SELECT)\b/i;

/**
 * Presents an embedded PGlite database as the small slice of a `pg` Pool that Kysely's
 * PostgresDialect uses. PGlite serves one session, so a checked-out client holds it exclusively
 * until released: a transaction never interleaves with another caller's statements.
 */
export class PGlitePool {
  private queue: Promise<void> = Promise.resolve();

  private constructor(private readonly db: PGlite) {}

  static async open(dataDir: string): Promise<PGlitePool> {
    const db = await PGlite.create({
      dataDir,
      parsers: { [types.INT8]: (value: string) => Number(value) },
    });

    return new PGlitePool(db);
  }

  async connect() {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;

    return {
      query: (sql: string, parameters: unknown[] = []) => this.query(sql, parameters),
      release: () => release(),
    };
  }

  async query(sql: string, parameters: unknown[] = []): Promise<QueryResult> {
    const command = COMMAND.exec(sql)?.[1]?.toUpperCase() ?? 'OTHER';
    // Migrations hold several statements; only the simple protocol (exec) accepts them.
    const result =
      parameters.length === 0
        ? (await this.db.exec(sql)).at(-1)
        : await this.db.query(sql, parameters);

    return { rows: result?.rows ?? [], rowCount: result?.affectedRows ?? 0, command };
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async end(): Promise<void> {
    await this.db.close();
  }
}
