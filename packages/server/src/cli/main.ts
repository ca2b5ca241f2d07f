import { Command, InvalidArgumentError, Option } from 'commander';
import { createApp, type App } from '../app/index.js';
import { loadConfig } from '../config/index.js';
import { askCommand } from './ask-command.js';
import type { DemoCommandOptions } from './demo-command.js';
import { processOutput, reportError, type CliOutput } from './cli-output.js';
import { keysCreate, keysList, keysRevoke } from './keys-command.js';
import {
  providersAdd,
  providersList,
  providersRemove,
  providersTest,
  type ProvidersAddOptions,
} from './providers-command.js';
import { schemaCommand } from './schema-command.js';
import { serveCommand } from './serve-command.js';
import { sqlCommand } from './sql-command.js';

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return parsed;
  };
}

/** Builds the `text2x` command line. Every action opens the app, runs and closes it. */
export function buildProgram(
  output: CliOutput = processOutput,
  setExit: (code: number) => void = (code) => {
    process.exitCode = code;
  },
): Command {
  const program = new Command('text2x')
    .description('Ask questions of your data in plain language; get a safe query and the answer.')
    .version('0.1.0')
    .showHelpAfterError();

  const withApp = (json: boolean, work: (app: App) => Promise<number>) => async (): Promise<void> => {
    let app: App | undefined;
    try {
      app = await createApp({ config: loadConfig() });
      setExit(await work(app));
    } catch (error) {
      setExit(reportError(output, error, json));
    } finally {
      await app?.close();
    }
  };

  program
    .command('ask')
    .description('answer a question, streaming each step')
    .argument('<question>', 'the question in plain language')
    .option('-p, --provider <id>', 'data source to ask', 'demo')
    .option('--no-execute', 'generate and validate the query without running it')
    .addOption(new Option('--trace <level>', 'attach a trace').choices(['summary', 'full']))
    .option('--json', 'print only the terminal message as JSON', false)
    .option('-c, --conversation <id>', 'continue a conversation (follow-ups, clarification answers)')
    .option('--max-rows <n>', 'rows returned at most', integer('--max-rows', 1, 100_000))
    .option('--max-iterations <n>', 'generate/validate rounds at most', integer('--max-iterations', 1, 10))
    .option('--timeout <ms>', 'query time limit in ms', integer('--timeout', 1, 600_000))
    .action(async (question: string, opts: Record<string, unknown>) => {
      const json = opts.json === true;
      await withApp(json, (app) =>
        askCommand(
          app,
          question,
          {
            provider: String(opts.provider),
            execute: opts.execute !== false,
            json,
            ...(opts.trace ? { trace: opts.trace as 'summary' | 'full' } : {}),
            ...(typeof opts.conversation === 'string' ? { conversation: opts.conversation } : {}),
            ...(typeof opts.maxRows === 'number' ? { maxRows: opts.maxRows } : {}),
            ...(typeof opts.maxIterations === 'number' ? { maxIterations: opts.maxIterations } : {}),
            ...(typeof opts.timeout === 'number' ? { timeoutMs: opts.timeout } : {}),
          },
          output,
        ),
      )();
    });

  const providers = program.command('providers').description('manage data sources');
  providers
    .command('list')
    .option('--json', 'print JSON', false)
    .action(async (opts: { json: boolean }) =>
      withApp(opts.json, (app) => providersList(app, opts.json, output))(),
    );
  providers
    .command('add')
    .argument('<id>', 'name of the new data source')
    .option('--sqlite <file>', 'a SQLite database file (opened read-only)')
    .option('--postgres <url>', 'postgres://USER@HOST:PORT/DB (read-only transactions)')
    .option('--mysql <url>', 'mysql://USER@HOST:PORT/DB (MySQL 8 or MariaDB)')
    .option('--duckdb <paths...>', 'a .duckdb file and/or CSV, Parquet or JSON files and globs')
    .option('--password-env <name>', 'environment variable holding the database password')
    .option('--schemas <list>', 'PostgreSQL schemas to use, comma-separated (default public)')
    .option('--description <text>', 'what the data is')
    .action(async (id: string, opts: ProvidersAddOptions) =>
      withApp(false, (app) => providersAdd(app, id, opts, output))(),
    );
  providers
    .command('remove')
    .argument('<id>')
    .action(async (id: string) => withApp(false, (app) => providersRemove(app, id, output))());
  providers
    .command('test')
    .argument('<id>')
    .option('--json', 'print JSON', false)
    .action(async (id: string, opts: { json: boolean }) =>
      withApp(opts.json, (app) => providersTest(app, id, opts.json, output))(),
    );

  program
    .command('schema')
    .description('show the tables, columns and keys of a data source')
    .argument('<provider>')
    .option('--json', 'print JSON', false)
    .action(async (id: string, opts: { json: boolean }) =>
      withApp(opts.json, (app) => schemaCommand(app, id, opts.json, output))(),
    );

  program
    .command('sql')
    .description('validate and run a query you wrote or edited, with the same safety policy')
    .argument('<provider>')
    .argument('<query>')
    .option('--json', 'print JSON', false)
    .option('--max-rows <n>', 'rows returned at most', integer('--max-rows', 1, 100_000), 1000)
    .option('--timeout <ms>', 'time limit in ms', integer('--timeout', 1, 600_000), 30_000)
    .action(async (id: string, query: string, opts: { json: boolean; maxRows: number; timeout: number }) =>
      withApp(opts.json, (app) =>
        sqlCommand(
          app,
          id,
          query,
          { json: opts.json, maxRows: opts.maxRows, timeoutMs: opts.timeout },
          output,
        ),
      )(),
    );

  program
    .command('demo')
    .description(
      'generate the demo shop database again, optionally bigger (scale 20 ≈ 1 million rows), or load it into PostgreSQL, MariaDB or DuckDB',
    )
    .option(
      '--scale <n>',
      'size multiplier (1 ≈ 50,000 rows)',
      (value: string) => {
        const parsed = Number(value);
        if (!(parsed > 0 && parsed <= 1000))
          throw new InvalidArgumentError('--scale must be a number in (0, 1000]');
        return parsed;
      },
      1,
    )
    .option('--seed <n>', 'random seed', integer('--seed', 0, 2 ** 31), 42)
    .option('--out <file>', "write here instead of the demo provider's file")
    .option(
      '--postgres <url>',
      'load the same data into this PostgreSQL database and add provider demo-postgres',
    )
    .option(
      '--mysql <url>',
      'load the same data into this MariaDB/MySQL database and add provider demo-mysql',
    )
    .option('--duckdb <file>', 'load the same data into this DuckDB file and add provider demo-duckdb')
    .option('--name <id>', 'provider id for the copy (with one of --postgres, --mysql, --duckdb)')
    .action(async (opts: DemoCommandOptions) => {
      try {
        setExit(await (await import('./demo-command.js')).demoCommand(opts, output));
      } catch (error) {
        setExit(reportError(output, error, false));
      }
    });

  const evaluate = program.command('eval').description('measure execution accuracy on a benchmark');
  evaluate
    .command('spider')
    .argument('<dir>', 'a folder laid out like spider-public or spider-train')
    .option('--file <name>', 'question file in the folder', 'spider_dev.json')
    .addOption(
      new Option('--variant <v>', 'question wording for files with two').choices(['original', 'syn']),
    )
    .option('--limit <n>', 'only the first N questions', integer('--limit', 1, 1_000_000))
    .option('--json', 'print the summary as one JSON line', false)
    .action(
      async (
        dir: string,
        opts: { file: string; variant?: 'original' | 'syn'; limit?: number; json: boolean },
      ) => {
        try {
          setExit(
            await (
              await import('./eval-command.js')
            ).evalCommand({ benchmark: 'spider', dir, ...opts }, output),
          );
        } catch (error) {
          setExit(reportError(output, error, opts.json));
        }
      },
    );
  evaluate
    .command('defog')
    .argument('<dir>', 'a folder laid out like defog-public')
    .addOption(
      new Option(
        '--dialect <d>',
        'which question file and engine (postgres/mysql load the dumps into a server)',
      )
        .choices(['sqlite', 'postgres', 'mysql'])
        .default('sqlite'),
    )
    .option(
      '--postgres-url <url>',
      'PostgreSQL admin URL for --dialect postgres and mysql (env TEXT2X_EVAL_POSTGRES_URL)',
      process.env.TEXT2X_EVAL_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    )
    .option(
      '--mysql-url <url>',
      'MariaDB admin URL for --dialect mysql (env TEXT2X_EVAL_MYSQL_URL)',
      process.env.TEXT2X_EVAL_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306',
    )
    .option('--limit <n>', 'only the first N questions', integer('--limit', 1, 1_000_000))
    .option('--json', 'print the summary as one JSON line', false)
    .action(
      async (
        dir: string,
        opts: {
          dialect: 'sqlite' | 'postgres' | 'mysql';
          postgresUrl: string;
          mysqlUrl: string;
          limit?: number;
          json: boolean;
        },
      ) => {
        try {
          setExit(
            await (
              await import('./eval-command.js')
            ).evalCommand({ benchmark: 'defog', dir, ...opts }, output),
          );
        } catch (error) {
          setExit(reportError(output, error, opts.json));
        }
      },
    );

  program
    .command('serve')
    .description('serve the REST, WebSocket and SSE API (default http://127.0.0.1:8000) until SIGTERM/SIGINT')
    .option('--host <host>', 'address to bind (anything but loopback requires API keys)')
    .option('--port <n>', 'port (0 picks a free one)', integer('--port', 0, 65_535))
    .action(async (opts: { host?: string; port?: number }) => {
      try {
        setExit(await serveCommand(opts, output));
      } catch (error) {
        setExit(reportError(output, error, false));
      }
    });

  const keys = program.command('keys').description('manage API keys (only their hashes are stored)');
  keys
    .command('create')
    .description('create a key and print it once')
    .requiredOption('--name <name>', 'who or what the key is for')
    .option('--json', 'print JSON', false)
    .action(async (opts: { name: string; json: boolean }) =>
      withApp(opts.json, (app) => keysCreate(app, opts.name, opts.json, output))(),
    );
  keys
    .command('list')
    .description('list keys: id, prefix, name, dates, status (never the key)')
    .option('--json', 'print JSON', false)
    .action(async (opts: { json: boolean }) =>
      withApp(opts.json, (app) => keysList(app, opts.json, output))(),
    );
  keys
    .command('revoke')
    .description('revoke a key by its id or prefix')
    .argument('<key>', 'the id or the prefix shown by keys list')
    .action(async (reference: string) => withApp(false, (app) => keysRevoke(app, reference, output))());

  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  await buildProgram().parseAsync(argv);
}
