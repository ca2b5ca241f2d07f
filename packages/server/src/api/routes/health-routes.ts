import { HealthResponse, ReadyResponse } from '@text2x/protocol';
import type { ApiFastify, RouteContext } from './route-context.js';

/** How long `/ready` waits for the store or the providers before calling them unreachable. */
const READY_TIMEOUT_MS = 5000;

async function withinTimeout(work: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness, readiness and metrics. `/health` and `/ready` are open (load balancers and orchestrators
 * probe them without keys; they reveal no ids or data); `/metrics` needs a key whenever keys are
 * required, since run counts and latencies describe how the service is used.
 */
export function registerHealthRoutes(fastify: ApiFastify, routes: RouteContext): void {
  const app = routes.ctx.app;

  fastify.get(
    '/health',
    {
      config: { text2x: { open: true } },
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process answers',
        response: { 200: HealthResponse },
      },
    },
    () => ({ status: 'ok' as const }),
  );

  fastify.get(
    '/ready',
    {
      config: { text2x: { open: true } },
      schema: {
        tags: ['operations'],
        summary:
          'Readiness: the metadata store and every data source answer (503 otherwise or while shutting down)',
        response: { 200: ReadyResponse, 503: ReadyResponse },
      },
    },
    async (request, reply) => {
      const store = await withinTimeout(() => app.store.listProviders());
      const providers =
        store &&
        (await withinTimeout(async () => {
          const configs = await app.store.listProviders();
          await Promise.all(configs.map((config) => app.providers.open(config.id)));
        }));
      const ready = store && providers && !routes.draining();
      if (!providers) request.log.warn('not ready: a data source cannot be opened');
      const body: ReadyResponse = {
        status: ready ? 'ready' : 'not_ready',
        checks: { store: store ? 'ok' : 'failed', providers: providers ? 'ok' : 'failed' },
      };
      return reply.code(ready ? 200 : 503).send(body);
    },
  );

  fastify.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format)',
        produces: ['text/plain'],
      },
    },
    async (_request, reply) => {
      const text = await routes.metrics.render();
      return reply.type(routes.metrics.contentType).send(text);
    },
  );
}
