import { createServer, type Text2xServer } from '../api/index.js';
import { DEMO_PROVIDER_ID } from '../app/index.js';
import { loadConfig } from '../config/index.js';
import type { CliOutput } from './cli-output.js';

export interface ServeOptions {
  /** Overrides `TEXT2X_HOST` / the config file. */
  host?: string;
  /** Overrides `TEXT2X_PORT` / the config file; 0 picks a free port (the URL printed says which). */
  port?: number;
}

/** Where the process's termination signals come from (the process itself, or a test's emitter). */
export interface SignalSource {
  once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/**
 * `text2x serve`: serves the API until SIGTERM or SIGINT, then shuts down gracefully (runs get
 * `shutdownGraceMs` to finish, then are cancelled) and returns 0. A second signal during the
 * shutdown stops at once. The demo database is prepared in the background after the server is up,
 * so the first question does not wait for it (`/ready` reports when it is).
 */
export async function serveCommand(
  options: ServeOptions,
  output: CliOutput,
  signals: SignalSource = process,
): Promise<number> {
  const config = loadConfig({
    overrides: {
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.port === undefined ? {} : { port: options.port }),
    },
  });
  const server: Text2xServer = await createServer({ config });
  let url: string;
  try {
    url = await server.listen();
  } catch (error) {
    await server.close({ graceMs: 0 });
    throw error;
  }
  output.out(`text2x listening on ${url}  (API docs: ${url}/docs)`);

  if (config.demo) {
    server.ctx.app.providers.open(DEMO_PROVIDER_ID).then(
      () => server.fastify.log.info('the demo data source is ready'),
      (error: unknown) =>
        server.fastify.log.warn({ err: error }, 'the demo data source could not be prepared'),
    );
  }

  const signal = await new Promise<string>((resolve) => {
    signals.once('SIGTERM', () => resolve('SIGTERM'));
    signals.once('SIGINT', () => resolve('SIGINT'));
  });
  output.err(`${signal}: shutting down (runs get ${config.shutdownGraceMs} ms to finish)`);
  const force = (): void => {
    output.err('second signal: stopping now');
    process.exit(1);
  };
  signals.once('SIGTERM', force);
  signals.once('SIGINT', force);
  await server.close();
  output.err('stopped');
  return 0;
}
