/**
 * What one dialect's read-only policy denies. The policy code is the same for every dialect; only
 * these lists differ. Every reason completes the sentence "X is not allowed because it …".
 */
export interface DenyList {
  /** Upper-case words a statement may begin with (`SELECT`, `WITH`). Anything else is rejected. */
  statementStarts: ReadonlySet<string>;
  /** Upper-case keywords denied anywhere as bare words (not inside quotes), with their reason. */
  keywords: ReadonlyMap<string, string>;
  /**
   * Upper-case denied keywords that are also ordinary functions and are allowed when directly
   * followed by `(` (SQLite's `replace(x, 'a', 'b')` versus `REPLACE INTO`).
   */
  functionKeywords: ReadonlySet<string>;
  /** Lower-case function names denied in any position, with their reason. */
  functions: ReadonlyMap<string, string>;
  /** Lower-case tables and table-valued functions denied in any position, with their reason. */
  tables: ReadonlyMap<string, string>;
  /** Lower-case prefixes of denied function and table names (`pragma_`), with their reason. */
  prefixes: ReadonlyMap<string, string>;
  /**
   * True when the dialect accepts a string literal where a table name goes (SQLite reads
   * `FROM 'sqlite_dbpage'` as a table): string literals are then checked against `tables` too.
   */
  stringsCanBeNames: boolean;
}

/** Keywords of statements that write, change the schema or control transactions in most dialects. */
export const COMMON_DENIED_KEYWORDS: ReadonlyMap<string, string> = new Map([
  ['INSERT', 'changes data'],
  ['UPDATE', 'changes data'],
  ['DELETE', 'changes data'],
  ['REPLACE', 'changes data'],
  ['MERGE', 'changes data'],
  ['UPSERT', 'changes data'],
  ['TRUNCATE', 'deletes all rows of a table'],
  ['CREATE', 'changes the schema'],
  ['DROP', 'changes the schema'],
  ['ALTER', 'changes the schema'],
  ['RENAME', 'changes the schema'],
  ['TRIGGER', 'defines code that runs when data changes'],
  ['GRANT', 'changes permissions'],
  ['REVOKE', 'changes permissions'],
  ['BEGIN', 'controls transactions'],
  ['COMMIT', 'controls transactions'],
  ['ROLLBACK', 'controls transactions'],
  ['SAVEPOINT', 'controls transactions'],
  ['RELEASE', 'controls transactions'],
  ['INTO', 'writes rows into a table or a file'],
  ['EXPLAIN', 'is not a query (the validator runs the query plan itself)'],
]);

/** Builds a deny list from a base and additions; later entries win. */
export function createDenyList(parts: {
  statementStarts: Iterable<string>;
  keywords: Iterable<readonly [string, string]>;
  functionKeywords?: Iterable<string>;
  functions?: Iterable<readonly [string, string]>;
  tables?: Iterable<readonly [string, string]>;
  prefixes?: Iterable<readonly [string, string]>;
  stringsCanBeNames?: boolean;
}): DenyList {
  const upper = (entries: Iterable<readonly [string, string]>): Map<string, string> =>
    new Map([...entries].map(([name, reason]) => [name.toUpperCase(), reason]));
  const lower = (entries: Iterable<readonly [string, string]> | undefined): Map<string, string> =>
    new Map([...(entries ?? [])].map(([name, reason]) => [name.toLowerCase(), reason]));
  return {
    statementStarts: new Set([...parts.statementStarts].map((word) => word.toUpperCase())),
    keywords: upper(parts.keywords),
    functionKeywords: new Set([...(parts.functionKeywords ?? [])].map((word) => word.toUpperCase())),
    functions: lower(parts.functions),
    tables: lower(parts.tables),
    prefixes: lower(parts.prefixes),
    stringsCanBeNames: parts.stringsCanBeNames ?? false,
  };
}

/** Why a function (lower- or mixed-case name) is denied, or undefined when it is allowed. */
export function deniedFunctionReason(name: string, denyList: DenyList): string | undefined {
  const lower = name.toLowerCase();
  return denyList.functions.get(lower) ?? deniedPrefixReason(lower, denyList);
}

/** Why a table or table-valued function used without arguments is denied, or undefined. */
export function deniedTableReason(name: string, denyList: DenyList): string | undefined {
  const lower = name.toLowerCase();
  return denyList.tables.get(lower) ?? deniedPrefixReason(lower, denyList);
}

function deniedPrefixReason(lower: string, denyList: DenyList): string | undefined {
  for (const [prefix, reason] of denyList.prefixes) {
    if (lower.startsWith(prefix)) return reason;
  }
  return undefined;
}
