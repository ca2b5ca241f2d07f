/**
 * Reads the `--` comments written after column definitions in a `CREATE TABLE` statement as
 * stored in `sqlite_schema.sql`: SQLite has no COMMENT clause, so this is where people document
 * columns. Only a comment on the same line as a column definition counts; a comment on a line of
 * its own is left alone, since it may describe the column before or after it.
 */
export function sqliteColumnComments(createSql: string): Map<string, string> {
  const comments = new Map<string, string>();
  let depth = 0;
  for (const line of createSql.split(/\r?\n/)) {
    const { code, comment, depthAfter } = splitLine(line, depth);
    const startDepth = depth;
    depth = depthAfter;
    if (!comment) continue;
    const definition = lastDefinition(code.trimEnd().replace(/,$/, ''), startDepth);
    const name = definition === undefined ? undefined : columnName(definition);
    if (name !== undefined && !comments.has(name.toLowerCase())) comments.set(name.toLowerCase(), comment);
  }
  return comments;
}

/** The code of a line and its trailing comment, skipping `--` inside quotes; tracks parentheses. */
function splitLine(line: string, depth: number): { code: string; comment?: string; depthAfter: number } {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') quote = char;
    else if (char === '[') quote = ']';
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '-' && line[i + 1] === '-') {
      const comment = line.slice(i + 2).trim();
      return { code: line.slice(0, i), depthAfter: depth, ...(comment ? { comment } : {}) };
    }
  }
  return { code: line, depthAfter: depth };
}

/** The last top-level definition on a line (the text after the last comma at the table's depth). */
function lastDefinition(code: string, startDepth: number): string | undefined {
  let depth = startDepth;
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const char = code[i];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') quote = char;
    else if (char === '[') quote = ']';
    else if (char === '(') {
      depth++;
      // The opening parenthesis of the column list.
      if (depth === 1) start = i + 1;
    } else if (char === ')') depth--;
    else if (char === ',' && depth === 1) start = i + 1;
  }
  const definition = code.slice(start).trim();
  return definition === '' ? undefined : definition;
}

const NOT_COLUMNS = new Set(['constraint', 'primary', 'foreign', 'unique', 'check', 'create']);

function columnName(definition: string): string | undefined {
  const match = /^(?:"((?:[^"]|"")+)"|`([^`]+)`|\[([^\]]+)\]|([A-Za-z_][\w$]*))/.exec(definition);
  if (!match) return undefined;
  const quoted = match[1]?.replaceAll('""', '"') ?? match[2] ?? match[3];
  if (quoted !== undefined) return quoted;
  const bare = match[4];
  return bare === undefined || NOT_COLUMNS.has(bare.toLowerCase()) ? undefined : bare;
}
