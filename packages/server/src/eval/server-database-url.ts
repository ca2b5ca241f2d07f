/**
 * The URL of database `database` on the server that `serverUrl` points at (any database in its
 * path is replaced; user, host, port and query parameters are kept).
 */
export function serverDatabaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** A database name the loaders accept: letters, digits and `_`, at most 63 characters. */
export function assertPlainDatabaseName(database: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(database)) {
    throw new Error(`not a plain database name (letters, digits, _; at most 63): ${database}`);
  }
}
