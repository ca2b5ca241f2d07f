/** Why the read-only policy rejects a query, found either in the tokens or in the parsed tree. */
export interface PolicyViolation {
  /**
   * `policy` when the query would write, reach outside the database or is not a single read-only
   * query; `syntax` when the text cannot be a valid query at all (an unterminated string, a bound
   * parameter, an empty query).
   */
  kind: 'policy' | 'syntax';
  /** A complete sentence for people ("DELETE is not allowed because it changes data."). */
  message: string;
  /** 1-based position in the query, when known. */
  position?: number;
}
