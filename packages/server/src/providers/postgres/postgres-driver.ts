/**
 * The seam between the PostgreSQL provider and a PostgreSQL engine. The provider's SQL (the
 * read-only transaction, the cursor, the catalog queries) is the same for every engine; a driver
 * only moves text. `createPostgresPoolDriver` wraps a `pg.Pool` for real servers; tests plug in
 * PGlite (in process) through the same interface.
 */

/** One column of a result, as the server describes it. */
export interface PostgresField {
  name: string;
  /** Type OID (`pg_type.oid`): 23 integer, 25 text, 1184 timestamptz, … */
  dataTypeID: number;
}

/** A statement's result with every value as PostgreSQL's text output (or null), rows as arrays. */
export interface PostgresQueryResult {
  fields: PostgresField[];
  rows: Array<Array<string | null>>;
}

/** A checked-out connection. Only one statement runs on it at a time. */
export interface PostgresSession {
  /**
   * Runs one statement through the extended protocol, so text holding a second statement is an
   * error rather than a second statement. Values come back unparsed, as text.
   */
  query(sql: string, params?: readonly unknown[]): Promise<PostgresQueryResult>;
  /** Runs a script of several trusted statements (the simple protocol); results are discarded. */
  execute(script: string): Promise<void>;
  /**
   * Asks the server to cancel whatever statement this connection is running (the protocol's cancel
   * request). Resolves once the request is delivered; the running statement then fails with
   * SQLSTATE 57014. Never rejects.
   */
  cancel(): Promise<void>;
  /**
   * Gives the connection back. `destroy` closes it instead of returning it to the pool: used after
   * a cancel (a late cancel must never hit another caller's statement) and after errors that leave
   * its state unknown.
   */
  release(destroy?: boolean): void;
}

export interface PostgresDriver {
  /** Whether `cancel` stops a running statement (false for in-process engines that block). */
  readonly canCancel: boolean;
  /** Checks out a connection; PROVIDER_UNAVAILABLE when none can be opened. */
  connect(): Promise<PostgresSession>;
  /** Closes every connection. */
  close(): Promise<void>;
}
