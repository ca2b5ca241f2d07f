import { COMMON_DENIED_KEYWORDS, createDenyList, type DenyList } from './deny-list.js';

/**
 * PostgreSQL's deny list. The database already runs every query in a read-only transaction; this
 * list stops what a read-only transaction still allows: sleeping, signalling or terminating other
 * sessions, advisory locks, sequences, reading server files, connecting elsewhere (dblink), running
 * SQL held in a string (`query_to_xml`, `ts_stat`), replication and configuration functions.
 *
 * Keywords denied anywhere are limited to words that cannot appear in a SELECT at all (`INTO`,
 * `RETURNING`, `DO` are reserved) or that name writing statements (`DELETE`, `COPY`). Words that
 * could be ordinary unquoted column names (`commit`, `cluster`, `notify`, `share`) are left to the
 * first-word rule and to the parse tree, which catch the statements they start.
 */
const NOT_POSTGRES_KEYWORDS = new Set(['REPLACE', 'UPSERT', 'RENAME', 'TRIGGER', 'BEGIN', 'RELEASE']);
const COLUMN_LIKE_KEYWORDS = new Set(['COMMIT', 'ROLLBACK', 'SAVEPOINT']);

const RUNS_SQL_TEXT = 'runs SQL held in a string, out of reach of the validator';
const LARGE_OBJECT = 'reads or writes large objects, which can reach server files';
const ADVISORY_LOCK = 'takes or releases advisory locks that outlive the query';
const SEQUENCE = 'changes or exposes sequence state';
const TRANSACTION_ID = 'assigns or exposes transaction ids';
const WHOLE_DATA = 'dumps whole tables, schemas or the database past the name check';

export const POSTGRES_DENY_LIST: DenyList = createDenyList({
  statementStarts: ['SELECT', 'WITH', 'VALUES', 'TABLE'],
  keywords: [
    ...[...COMMON_DENIED_KEYWORDS].filter(
      ([word]) => !NOT_POSTGRES_KEYWORDS.has(word) && !COLUMN_LIKE_KEYWORDS.has(word),
    ),
    ['RETURNING', 'returns rows from a statement that changes data'],
    ['DO', 'runs an anonymous code block or an ON CONFLICT action'],
    ['COPY', 'copies data to or from files and programs on the server'],
    ['ANALYZE', 'writes planner statistics'],
    ['ANALYSE', 'writes planner statistics'],
    ['VACUUM', 'rewrites tables'],
    ['REINDEX', 'rebuilds indexes'],
    ['REFRESH', 'rewrites a materialized view'],
    ['PREPARE', 'creates a prepared statement in the session'],
    ['EXECUTE', 'runs a prepared statement or dynamic SQL'],
    ['DEALLOCATE', 'changes prepared statements of the session'],
    ['DISCARD', 'resets the session'],
    ['CHECKPOINT', 'forces a checkpoint on the server'],
    ['LOCK', 'locks tables'],
  ],
  functions: [
    ['pg_terminate_backend', 'ends other sessions'],
    ['pg_cancel_backend', 'cancels queries of other sessions'],
    ['pg_signal_backend', 'signals other sessions'],
    ['pg_reload_conf', 'reloads the server configuration'],
    ['pg_rotate_logfile', 'rotates the server log'],
    ['pg_switch_wal', 'forces a WAL switch'],
    ['pg_switch_xlog', 'forces a WAL switch'],
    ['pg_promote', 'promotes a standby server'],
    ['pg_start_backup', 'starts a backup'],
    ['pg_stop_backup', 'stops a backup'],
    ['pg_export_snapshot', 'exports a snapshot to other sessions'],
    ['pg_log_backend_memory_contexts', 'writes to the server log'],
    ['pg_stat_statements_reset', 'resets statistics'],
    ['pg_prewarm', 'loads relations into the buffer cache'],
    ['gin_clean_pending_list', 'changes an index'],
    ['brin_summarize_new_values', 'changes an index'],
    ['brin_summarize_range', 'changes an index'],
    ['brin_desummarize_range', 'changes an index'],
    ['set_config', 'changes session settings (such as transaction_read_only)'],
    ['nextval', SEQUENCE],
    ['setval', SEQUENCE],
    ['currval', SEQUENCE],
    ['lastval', SEQUENCE],
    ['pg_current_xact_id', TRANSACTION_ID],
    ['pg_current_xact_id_if_assigned', TRANSACTION_ID],
    ['pg_notify', 'sends notifications to other sessions'],
    ['pg_stat_file', 'reads file metadata on the server'],
    ['pg_current_logfile', 'reveals server file paths'],
    ['current_setting', 'reads server settings (which include file paths such as data_directory)'],
    ['pg_relation_filepath', 'reveals server file paths'],
    ['pg_relation_filenode', 'reveals server file names'],
    ['query_to_xml', RUNS_SQL_TEXT],
    ['query_to_xmlschema', RUNS_SQL_TEXT],
    ['query_to_xml_and_xmlschema', RUNS_SQL_TEXT],
    ['cursor_to_xml', 'reads from a cursor outside the query'],
    ['cursor_to_xmlschema', 'reads from a cursor outside the query'],
    ['ts_stat', RUNS_SQL_TEXT],
    ['ts_rewrite', RUNS_SQL_TEXT],
    ['table_to_xml', WHOLE_DATA],
    ['table_to_xmlschema', WHOLE_DATA],
    ['table_to_xml_and_xmlschema', WHOLE_DATA],
    ['schema_to_xml', WHOLE_DATA],
    ['schema_to_xmlschema', WHOLE_DATA],
    ['schema_to_xml_and_xmlschema', WHOLE_DATA],
    ['database_to_xml', WHOLE_DATA],
    ['database_to_xmlschema', WHOLE_DATA],
    ['database_to_xml_and_xmlschema', WHOLE_DATA],
    ...[
      'lo_open',
      'lo_close',
      'lo_creat',
      'lo_create',
      'lo_import',
      'lo_export',
      'lo_unlink',
      'lo_get',
      'lo_put',
      'lo_from_bytea',
      'lo_truncate',
      'lo_truncate64',
      'lo_lseek',
      'lo_lseek64',
      'lo_tell',
      'lo_tell64',
      'loread',
      'lowrite',
    ].map((name) => [name, LARGE_OBJECT] as const),
  ],
  tables: [
    ['pg_authid', 'holds password hashes'],
    ['pg_shadow', 'holds password hashes'],
    ['pg_user_mapping', 'holds credentials of foreign servers'],
    ['pg_user_mappings', 'holds credentials of foreign servers'],
    ['pg_hba_file_rules', 'exposes the server authentication configuration'],
    ['pg_ident_file_mappings', 'exposes the server authentication configuration'],
    ['pg_file_settings', 'exposes the server configuration files'],
    ['pg_largeobject', LARGE_OBJECT],
    ['pg_statistic', 'exposes sampled values of every column'],
  ],
  // Prefixes apply to bare words too (`pg_sleep` as a column is denied): none of them is a
  // plausible name for a user's column.
  prefixes: [
    ['pg_sleep', 'delays the query on purpose'],
    ['pg_advisory', ADVISORY_LOCK],
    ['pg_try_advisory', ADVISORY_LOCK],
    ['dblink', 'connects to other databases'],
    ['txid_', TRANSACTION_ID],
    ['pg_create_', 'creates replication slots or restore points'],
    ['pg_drop_', 'drops replication slots'],
    ['pg_copy_', 'copies replication slots'],
    ['pg_logical_', 'reads or writes logical replication data'],
    ['pg_replication_', 'changes replication state'],
    ['pg_wal_replay_', 'pauses or resumes WAL replay'],
    ['pg_backup_', 'starts or stops a backup'],
    ['pg_import_', 'imports system objects'],
    ['pg_ls_', 'lists files on the server'],
    ['pg_read_', 'reads files on the server'],
    ['pg_file_', 'reads or writes files on the server'],
    ['pg_stat_reset', 'resets statistics'],
  ],
  stringsCanBeNames: false,
});
