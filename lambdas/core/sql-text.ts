/**
 * SQL text pieces shared by the query builder and the engines. Athena (Trino) and DuckDB read them alike: identifiers
 * in double quotes, string literals in single quotes, an embedded quote written twice.
 * Trino: https://trino.io/docs/current/language/reserved.html and https://trino.io/docs/current/language/types.html#varchar
 * DuckDB: https://duckdb.org/docs/stable/sql/dialect/keywords_and_identifiers and https://duckdb.org/docs/stable/sql/data_types/literal_types
 */

const DATASET_IDENTIFIER = /^[a-z][a-z0-9_]*$/;

/** Quotes any name as an identifier, doubling embedded double quotes (for names the SQL itself produced). */
export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes an identifier that comes from a dataset definition (already checked to be lower snake case). */
export function quoteIdentifier(name: string): string {
  if (!DATASET_IDENTIFIER.test(name)) throw new Error(`refusing to quote identifier ${JSON.stringify(name)}`);
  return quoteName(name);
}

/** A SQL string literal: single quotes, embedded quotes doubled. */
export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
