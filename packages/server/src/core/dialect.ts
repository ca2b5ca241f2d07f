/** SQL dialects text2x emits and validates. */
export const DIALECTS = ['sqlite', 'postgres', 'mysql', 'duckdb'] as const;
export type Dialect = (typeof DIALECTS)[number];
