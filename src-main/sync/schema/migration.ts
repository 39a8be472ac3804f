/** One version of the team server's schema: SQL run once, in order, in one transaction with the others pending. */
export interface PgMigration {
  /** Steps of 10, as the local migrations (src-main/store/migrations). */
  readonly version: number;
  readonly name: string;
  /** The statements, for Barwise's schema `schema` (a validated lower-case identifier). */
  sql(schema: string): string;
}
