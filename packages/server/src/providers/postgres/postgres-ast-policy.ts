import {
  deniedFunctionReason,
  deniedTableReason,
  type DenyList,
  type PolicyViolation,
} from '../sql-policy/index.js';
import {
  isPgObject,
  listOf,
  locationOf,
  nodeOf,
  stringOf,
  unwrapNode,
  type PgObject,
} from './postgres-ast.js';

const CHANGES_DATA = 'changes data';
const CHANGES_SCHEMA = 'changes the schema, permissions or stored objects';

/** Statement kinds with their keyword and why they are refused; others are derived from the node name. */
const STATEMENTS: Readonly<Record<string, { keyword: string; reason: string }>> = {
  InsertStmt: { keyword: 'INSERT', reason: CHANGES_DATA },
  UpdateStmt: { keyword: 'UPDATE', reason: CHANGES_DATA },
  DeleteStmt: { keyword: 'DELETE', reason: CHANGES_DATA },
  MergeStmt: { keyword: 'MERGE', reason: CHANGES_DATA },
  TruncateStmt: { keyword: 'TRUNCATE', reason: 'deletes all rows of a table' },
  DoStmt: { keyword: 'DO', reason: 'runs an anonymous code block' },
  CallStmt: { keyword: 'CALL', reason: 'runs a procedure, which may change data or control transactions' },
  VariableShowStmt: { keyword: 'SHOW', reason: 'reads settings, which are not data' },
  ExplainStmt: { keyword: 'EXPLAIN', reason: 'is not a query (the validator runs the query plan itself)' },
  ListenStmt: { keyword: 'LISTEN', reason: 'uses the notification channel between sessions' },
  NotifyStmt: { keyword: 'NOTIFY', reason: 'uses the notification channel between sessions' },
  UnlistenStmt: { keyword: 'UNLISTEN', reason: 'uses the notification channel between sessions' },
  PrepareStmt: { keyword: 'PREPARE', reason: 'creates a prepared statement in the session' },
  ExecuteStmt: { keyword: 'EXECUTE', reason: 'runs a prepared statement' },
  DeallocateStmt: { keyword: 'DEALLOCATE', reason: 'changes prepared statements of the session' },
  DeclareCursorStmt: { keyword: 'DECLARE', reason: 'opens a cursor in the session' },
  ClosePortalStmt: { keyword: 'CLOSE', reason: 'closes cursors of the session' },
  DiscardStmt: { keyword: 'DISCARD', reason: 'resets the session' },
  LoadStmt: { keyword: 'LOAD', reason: 'loads a shared library into the server' },
  CheckPointStmt: { keyword: 'CHECKPOINT', reason: 'forces a checkpoint on the server' },
  LockStmt: { keyword: 'LOCK', reason: 'locks tables' },
  ReindexStmt: { keyword: 'REINDEX', reason: 'rebuilds indexes' },
  ClusterStmt: { keyword: 'CLUSTER', reason: 'rewrites a table' },
  RefreshMatViewStmt: { keyword: 'REFRESH MATERIALIZED VIEW', reason: 'rewrites a materialized view' },
  CreateTableAsStmt: { keyword: 'CREATE TABLE AS', reason: 'creates a table' },
  ViewStmt: { keyword: 'CREATE VIEW', reason: CHANGES_SCHEMA },
  IndexStmt: { keyword: 'CREATE INDEX', reason: CHANGES_SCHEMA },
  RuleStmt: { keyword: 'CREATE RULE', reason: CHANGES_SCHEMA },
  CreateStmt: { keyword: 'CREATE TABLE', reason: CHANGES_SCHEMA },
  DropStmt: { keyword: 'DROP', reason: CHANGES_SCHEMA },
  CommentStmt: { keyword: 'COMMENT', reason: CHANGES_SCHEMA },
  SecLabelStmt: { keyword: 'SECURITY LABEL', reason: CHANGES_SCHEMA },
  GrantRoleStmt: { keyword: 'GRANT or REVOKE of a role', reason: 'changes permissions' },
  RenameStmt: { keyword: 'ALTER … RENAME', reason: CHANGES_SCHEMA },
  AlterObjectSchemaStmt: { keyword: 'ALTER … SET SCHEMA', reason: CHANGES_SCHEMA },
  AlterOwnerStmt: { keyword: 'ALTER … OWNER', reason: CHANGES_SCHEMA },
  AlterSystemStmt: { keyword: 'ALTER SYSTEM', reason: 'changes the server configuration' },
};

const TRANSACTION_KEYWORDS: Readonly<Record<string, string>> = {
  TRANS_STMT_BEGIN: 'BEGIN',
  TRANS_STMT_START: 'START TRANSACTION',
  TRANS_STMT_COMMIT: 'COMMIT',
  TRANS_STMT_ROLLBACK: 'ROLLBACK',
  TRANS_STMT_SAVEPOINT: 'SAVEPOINT',
  TRANS_STMT_RELEASE: 'RELEASE SAVEPOINT',
  TRANS_STMT_ROLLBACK_TO: 'ROLLBACK TO SAVEPOINT',
  TRANS_STMT_PREPARE: 'PREPARE TRANSACTION',
  TRANS_STMT_COMMIT_PREPARED: 'COMMIT PREPARED',
  TRANS_STMT_ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
};

const LOCK_STRENGTHS: Readonly<Record<string, string>> = {
  LCS_FORUPDATE: 'FOR UPDATE',
  LCS_FORNOKEYUPDATE: 'FOR NO KEY UPDATE',
  LCS_FORSHARE: 'FOR SHARE',
  LCS_FORKEYSHARE: 'FOR KEY SHARE',
};

/** The keyword and reason for a statement node that is not a SELECT. */
export function describePostgresStatement(
  type: string,
  fields: PgObject,
): { keyword: string; reason: string } {
  switch (type) {
    case 'CopyStmt':
      return {
        keyword: fields.is_program === true ? 'COPY … PROGRAM' : 'COPY',
        reason:
          fields.is_program === true
            ? 'runs a shell command on the database server'
            : fields.is_from === true
              ? 'loads rows into a table'
              : 'copies data to files or the client outside the query',
      };
    case 'VariableSetStmt': {
      const reset = typeof fields.kind === 'string' && fields.kind.startsWith('VAR_RESET');
      const name = typeof fields.name === 'string' ? ` ${fields.name.toUpperCase()}` : '';
      return {
        keyword: `${reset ? 'RESET' : 'SET'}${reset ? '' : name}`,
        reason: 'changes session settings',
      };
    }
    case 'TransactionStmt':
      return {
        keyword: TRANSACTION_KEYWORDS[String(fields.kind)] ?? 'A transaction statement',
        reason: 'controls transactions',
      };
    case 'VacuumStmt':
      // libpg-query leaves out false booleans: is_vacuumcmd is absent for ANALYZE.
      return fields.is_vacuumcmd === true
        ? { keyword: 'VACUUM', reason: 'rewrites tables' }
        : { keyword: 'ANALYZE', reason: 'writes planner statistics' };
    case 'FetchStmt':
      return { keyword: fields.ismove === true ? 'MOVE' : 'FETCH', reason: 'reads a cursor of the session' };
    case 'GrantStmt':
      return { keyword: fields.is_grant === true ? 'GRANT' : 'REVOKE', reason: 'changes permissions' };
    default: {
      const known = STATEMENTS[type];
      if (known) return known;
      // CreateSchemaStmt → CREATE SCHEMA, AlterTableStmt → ALTER TABLE, …
      const keyword = type
        .replace(/Stmt$/, '')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toUpperCase();
      return {
        keyword,
        reason: /^(CREATE|ALTER|DROP)\b/.test(keyword) ? CHANGES_SCHEMA : 'is not a read-only query',
      };
    }
  }
}

/**
 * The read-only policy over PostgreSQL's own parse tree: exactly one statement, a SELECT at the
 * root (WITH, set operations, VALUES and TABLE are SELECTs), and nowhere in the tree another
 * statement (a data-modifying CTE), `SELECT … INTO`, a locking clause, or a denied function or
 * table. `position` turns a byte offset into a 1-based character position.
 */
export function checkPostgresAstPolicy(
  parsed: unknown,
  denyList: DenyList,
  position: (byteOffset: number | undefined) => number | undefined = () => undefined,
): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const seen = new Set<string>();
  const add = (message: string, byteOffset?: number): void => {
    if (seen.has(message)) return;
    seen.add(message);
    const at = position(byteOffset);
    violations.push(
      at === undefined ? { kind: 'policy', message } : { kind: 'policy', message, position: at },
    );
  };

  const statements = isPgObject(parsed) ? listOf(parsed.stmts) : [];
  if (statements.length === 0) {
    return [{ kind: 'syntax', message: 'The query is empty.' }];
  }
  if (statements.length > 1) {
    const second = statements[1];
    const offset =
      isPgObject(second) && typeof second.stmt_location === 'number' ? second.stmt_location : undefined;
    add(`Only one statement is allowed, but the query has ${statements.length}.`, offset);
  }

  const reportedWithCte = new WeakSet<object>();
  const stack: unknown[] = [];
  for (const raw of statements) {
    const statement = isPgObject(raw) ? raw.stmt : undefined;
    const node = unwrapNode(statement);
    if (node === undefined) continue;
    const [type, fields] = node;
    if (type !== 'SelectStmt') {
      const { keyword, reason } = describePostgresStatement(type, fields);
      const start = isPgObject(raw) && typeof raw.stmt_location === 'number' ? raw.stmt_location : 0;
      add(`${keyword} is not allowed because it ${reason}.`, start);
    }
    stack.push(statement);
  }

  // Iterative walk: a hostile query can nest deeply enough to exhaust the call stack.
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (!isPgObject(value)) continue;
    for (const [key, child] of Object.entries(value)) {
      if (typeof child !== 'object' || child === null) continue;
      checkField(key, child, value, add);
      stack.push(child);
    }
  }
  return violations;

  function checkField(key: string, child: object, parent: PgObject, report: typeof add): void {
    if (key === 'intoClause') {
      report('SELECT … INTO is not allowed because it creates a table from the result.', locationOf(parent));
    } else if (key === 'lockingClause' && Array.isArray(child) && child.length > 0) {
      const strength = nodeOf(child[0], 'LockingClause')?.strength;
      const clause = LOCK_STRENGTHS[String(strength)] ?? 'FOR UPDATE';
      report(`${clause} is not allowed because it locks rows (and needs write access).`);
    } else if (key === 'CommonTableExpr' && isPgObject(child)) {
      const body = unwrapNode(child.ctequery);
      if (body !== undefined && body[0] !== 'SelectStmt') {
        reportedWithCte.add(child.ctequery as object);
        const { keyword } = describePostgresStatement(body[0], body[1]);
        const name = typeof child.ctename === 'string' ? ` "${child.ctename}"` : '';
        report(
          `A WITH query${name} holding ${keyword} is not allowed because it changes data even inside a SELECT.`,
          locationOf(child),
        );
      }
    } else if (/^[A-Z]\w*Stmt$/.test(key) && key !== 'SelectStmt' && isPgObject(child)) {
      if (reportedWithCte.has(parent)) return;
      const { keyword, reason } = describePostgresStatement(key, child);
      report(`${keyword} is not allowed because it ${reason}.`, locationOf(child));
    } else if (key === 'FuncCall' && isPgObject(child)) {
      const parts = listOf(child.funcname).map(stringOf);
      const name = parts.at(-1);
      if (name === undefined) return;
      const reason = deniedFunctionReason(name, denyList);
      if (reason !== undefined)
        report(
          `The function ${name.toLowerCase()}() is not allowed because it ${reason}.`,
          locationOf(child),
        );
    } else if (key === 'RangeVar' && isPgObject(child) && typeof child.relname === 'string') {
      const reason = deniedTableReason(child.relname, denyList);
      if (reason !== undefined)
        report(
          `The table ${child.relname.toLowerCase()} is not allowed because it ${reason}.`,
          locationOf(child),
        );
    }
  }
}
