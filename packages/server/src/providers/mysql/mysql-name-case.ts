import type { NameCatalog, NameIssue } from '../sql-policy/index.js';

type AstNode = Record<string, unknown>;

/**
 * Where table names are case-sensitive (`lower_case_table_names = 0`, the default on Linux), MySQL
 * and MariaDB also compare table aliases case-sensitively, while column names and CTE names never
 * are. The shared name check compares case-insensitively, so this adds what it cannot see: a table
 * spelled `Singer` when the table is `singer`, and a qualifier `S.name` when the alias is `s`.
 * Scopes are not followed: a qualifier passes when any table or alias of the query spells it exactly.
 */
export function checkNameCase(ast: unknown, catalog: NameCatalog, database: string): NameIssue[] {
  const ctes = new Set<string>();
  const tables: Array<{ table: string; db: string | undefined; alias: string | undefined }> = [];
  const qualifiers: Array<{ qualifier: string; column: string }> = [];
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (!isNode(value)) continue;
    if (value.type === 'select') {
      if (Array.isArray(value.with)) {
        for (const item of value.with) {
          const name = isNode(item) ? nameOf(item.name) : undefined;
          if (name !== undefined) ctes.add(name.toLowerCase());
        }
      }
      if (Array.isArray(value.from)) {
        for (const item of value.from) {
          if (isNode(item) && typeof item.table === 'string') {
            tables.push({
              table: item.table,
              db: typeof item.db === 'string' ? item.db : undefined,
              alias: nameOf(item.as),
            });
          }
        }
      }
    } else if (value.type === 'column_ref') {
      const qualifier = nameOf(value.table);
      const column = nameOf(value.column);
      if (qualifier !== undefined && column !== undefined) qualifiers.push({ qualifier, column });
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === 'tableList' || key === 'columnList') continue;
      if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }

  const issues: NameIssue[] = [];
  const seen = new Set<string>();
  const exactQualifiers = new Set<string>();
  for (const { table, db, alias } of tables) {
    exactQualifiers.add(alias ?? table);
    if (db !== undefined && db.toLowerCase() !== database.toLowerCase()) continue;
    if (db === undefined && ctes.has(table.toLowerCase())) continue;
    const known = catalog.tables.get(table.toLowerCase());
    if (known === undefined || known.name === table || seen.has(table)) continue;
    seen.add(table);
    issues.push({
      kind: 'unknown_table',
      name: table,
      message: `no table "${table}" (table names are case-sensitive on this server); did you mean "${known.name}"?`,
      suggestions: [known.name],
    });
  }
  for (const { qualifier, column } of qualifiers) {
    if (exactQualifiers.has(qualifier) || ctes.has(qualifier.toLowerCase())) continue;
    const match = [...exactQualifiers].find((name) => name.toLowerCase() === qualifier.toLowerCase());
    if (match === undefined || seen.has(qualifier)) continue;
    seen.add(qualifier);
    issues.push({
      kind: 'unknown_table',
      name: `${qualifier}.${column}`,
      message: `"${qualifier}" is not "${match}" (table names and aliases are case-sensitive on this server); write ${match}.${column}`,
      suggestions: [match],
    });
  }
  return issues;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isNode(value)) {
    if (typeof value.value === 'string') return value.value;
    if (isNode(value.expr)) return nameOf(value.expr);
  }
  return undefined;
}
