/** Rows per INSERT made from a COPY block. */
const ROWS_PER_INSERT = 500;

/**
 * Turns a pg_dump plain-format script into SQL that `pg`'s simple query protocol can run in one
 * call: each `COPY … FROM stdin;` block (which needs the COPY sub-protocol) becomes multi-row
 * INSERTs of its rows, psql meta-commands (`\connect`, `\restrict`, …) are dropped, and so are
 * `OWNER TO`, `GRANT` and `REVOKE` statements, which name roles the target server may not have.
 * Everything else is kept as it is.
 */
export function pgDumpToSql(dump: string): string {
  const lines = dump.split(/\r?\n/);
  const out: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const copy = /^COPY\s+(.+?)\s*(\([^)]*\))?\s+FROM\s+stdin\s*;\s*$/i.exec(line);
    if (copy) {
      const target = `${copy[1]!}${copy[2] ? ` ${copy[2]}` : ''}`;
      const rows: string[] = [];
      index++;
      for (; index < lines.length && lines[index] !== '\\.'; index++) {
        rows.push(`(${lines[index]!.split('\t').map(copyFieldToLiteral).join(', ')})`);
      }
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        out.push(`INSERT INTO ${target} VALUES\n${rows.slice(start, start + ROWS_PER_INSERT).join(',\n')};`);
      }
      continue;
    }
    if (/^\\/.test(line)) continue;
    if (/^ALTER\s.*\sOWNER\s+TO\s.*;\s*$/i.test(line) || /^(GRANT|REVOKE)\s.*;\s*$/i.test(line)) continue;
    out.push(line);
  }
  return out.join('\n');
}

/** One field of COPY's text format as an SQL literal: `\N` is NULL, backslash escapes decoded. */
function copyFieldToLiteral(field: string): string {
  if (field === '\\N') return 'NULL';
  const decoded = field.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_match, escape: string): string => {
    if (escape.startsWith('x')) return String.fromCharCode(parseInt(escape.slice(1), 16));
    if (/^[0-7]/.test(escape)) return String.fromCharCode(parseInt(escape, 8));
    switch (escape) {
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'v':
        return '\v';
      default:
        return escape;
    }
  });
  return `'${decoded.replace(/'/g, "''")}'`;
}
