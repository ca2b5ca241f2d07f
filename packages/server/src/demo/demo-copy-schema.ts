import { DEMO_TABLE_SQL, type DemoTable } from './demo-schema.js';

/** Server and file engines the demo data can be copied to. */
export type DemoCopyEngine = 'postgres' | 'mysql' | 'duckdb';

/** One column of a demo table as written in `DEMO_TABLE_SQL`. */
export interface DemoColumn {
  name: string;
  /** The SQLite type: INTEGER, TEXT or REAL. */
  type: string;
  /** What follows the type (PRIMARY KEY, NOT NULL, UNIQUE, CHECK …), without any REFERENCES. */
  constraints: string;
  /** `table (column)` of an inline REFERENCES clause. */
  references?: { table: string; column: string };
  /** The `--` comment, used as the column's description. */
  comment?: string;
}

/** Reads the columns of a demo table from its SQLite CREATE TABLE text. */
export function demoColumns(table: DemoTable): DemoColumn[] {
  const lines = DEMO_TABLE_SQL[table].split('\n').slice(1, -1);
  return lines.map((line) => {
    const commentAt = line.indexOf(' -- ');
    const comment = commentAt >= 0 ? line.slice(commentAt + 4).trim() : undefined;
    const body = (commentAt >= 0 ? line.slice(0, commentAt) : line).trim().replace(/,$/, '');
    const match = /^(\w+)\s+(\w+)\s*(.*)$/.exec(body);
    if (!match) throw new Error(`cannot read the demo column definition: ${line}`);
    let constraints = match[3]!;
    let references: DemoColumn['references'];
    const reference = /\s*REFERENCES\s+(\w+)\s*\((\w+)\)/i.exec(constraints);
    if (reference) {
      references = { table: reference[1]!, column: reference[2]! };
      constraints = constraints.replace(reference[0], '');
    }
    return {
      name: match[1]!,
      type: match[2]!.toUpperCase(),
      constraints: constraints.trim(),
      ...(references && { references }),
      ...(comment && { comment }),
    };
  });
}

/**
 * The column type on another engine. Same columns and values as the SQLite demo, but in the
 * engine's native types, as a real database there would have them: `*_date` text → DATE, `*_at`
 * text → TIMESTAMP (DATETIME on MySQL), REAL → a double (PostgreSQL's and DuckDB's REAL is
 * single precision), and on MySQL other text → VARCHAR(255) so it can be indexed and UNIQUE.
 */
export function demoColumnType(column: DemoColumn, engine: DemoCopyEngine): string {
  if (column.type === 'TEXT') {
    if (column.name.endsWith('_date')) return 'DATE';
    if (column.name.endsWith('_at')) return engine === 'mysql' ? 'DATETIME' : 'TIMESTAMP';
    return engine === 'mysql' ? 'VARCHAR(255)' : 'TEXT';
  }
  if (column.type === 'REAL') return engine === 'postgres' ? 'DOUBLE PRECISION' : 'DOUBLE';
  return column.type;
}

/** A string literal in standard SQL (MySQL is given NO_BACKSLASH_ESCAPES-safe text too). */
function literal(text: string, engine: DemoCopyEngine): string {
  const quoted = text.replace(/'/g, "''");
  return `'${engine === 'mysql' ? quoted.replace(/\\/g, '\\\\') : quoted}'`;
}

/**
 * Statements that create one demo table on `engine`: the CREATE TABLE (foreign keys inline on
 * DuckDB, which cannot add them later, and on MySQL as table constraints) and, for PostgreSQL
 * and DuckDB, `COMMENT ON COLUMN` for each described column (MySQL takes the comment inline).
 * PostgreSQL's foreign keys come from `demoForeignKeySql`, after the rows are in.
 */
export function demoCreateTableSql(table: DemoTable, engine: DemoCopyEngine): string[] {
  const columns = demoColumns(table);
  const definitions = columns.map((column) => {
    const parts = [column.name, demoColumnType(column, engine)];
    if (column.constraints) parts.push(column.constraints);
    if (engine === 'duckdb' && column.references) {
      parts.push(`REFERENCES ${column.references.table} (${column.references.column})`);
    }
    if (engine === 'mysql' && column.comment) parts.push(`COMMENT ${literal(column.comment, engine)}`);
    return `  ${parts.join(' ')}`;
  });
  if (engine === 'mysql') {
    for (const column of columns) {
      if (column.references) {
        definitions.push(
          `  FOREIGN KEY (${column.name}) REFERENCES ${column.references.table} (${column.references.column})`,
        );
      }
    }
  }
  const statements = [`CREATE TABLE ${table} (\n${definitions.join(',\n')}\n)`];
  if (engine !== 'mysql') {
    for (const column of columns) {
      if (column.comment) {
        statements.push(`COMMENT ON COLUMN ${table}.${column.name} IS ${literal(column.comment, engine)}`);
      }
    }
  }
  return statements;
}

/** PostgreSQL: the table's foreign keys, added once every row is in. */
export function demoForeignKeySql(table: DemoTable): string[] {
  return demoColumns(table)
    .filter((column) => column.references)
    .map(
      (column) =>
        `ALTER TABLE ${table} ADD FOREIGN KEY (${column.name}) REFERENCES ${column.references!.table} (${column.references!.column})`,
    );
}
