const CLAUSES =
  /\b(FROM|WHERE|GROUP BY|HAVING|ORDER BY|LIMIT|UNION ALL|UNION|INTERSECT|EXCEPT|(?:LEFT |RIGHT |INNER |CROSS |FULL )?(?:OUTER )?JOIN)\b/gi;

/** Puts each main clause of a query on its own line for people to read; string literals are left alone. */
export function formatSql(query: string): string {
  const parts = query.split(/('(?:[^']|'')*'|"(?:[^"]|"")*")/);
  const text = parts
    .map((part, i) =>
      i % 2 === 1 ? part : part.replace(/\s+/g, ' ').replace(CLAUSES, (m) => `\n${m.toUpperCase()}`),
    )
    .join('');
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? line.trim() : `  ${line.trim()}`))
    .join('\n');
}
