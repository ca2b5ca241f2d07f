import { resolve } from 'node:path';
import { loadConfig, type Text2xConfig } from '../config/index.js';
import { ensureDemoDatabase } from '../demo/index.js';
import { createLlmGenerator, modelPrice, resolveModel } from '../generation/llm/index.js';
import { createOfflineGenerator } from '../generation/offline/index.js';
import type { QueryGenerator } from '../generation/query-generator.js';
import type { PipelineDeps } from '../pipeline/index.js';
import { createProvider } from '../providers/index.js';
import type { ProviderConfig } from '../providers/provider.js';
import { openMetadataStore, type MetadataStore } from '../store/index.js';
import { ProviderHub } from './provider-hub.js';

/** The id under which the generated demo database is registered. */
export const DEMO_PROVIDER_ID = 'demo';

/** Everything a CLI command or the server needs, built once from the configuration. */
export interface App {
  config: Text2xConfig;
  store: MetadataStore;
  providers: ProviderHub;
  deps: PipelineDeps;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  config?: Text2xConfig;
  /** Keep the metadata store in memory (tests, evaluations). */
  memoryStore?: boolean;
  /** Use this generator instead of the configured one (tests, benchmarks). */
  generator?: QueryGenerator;
  /** Fallback generator; defaults to the offline engine when the main generator is a model. */
  fallbackGenerator?: QueryGenerator;
}

/** Builds the generator from the config: a model with the offline engine as fallback, or the offline engine alone. */
function buildGenerators(config: Text2xConfig): { generator: QueryGenerator; fallback?: QueryGenerator } {
  const offline = createOfflineGenerator();
  if (!config.model) return { generator: offline };
  const model = resolveModel(config.model, {
    ...(config.modelBaseUrl === undefined ? {} : { baseUrl: config.modelBaseUrl }),
    apiKeys: {
      ...(config.openaiApiKey === undefined ? {} : { openai: config.openaiApiKey }),
      ...(config.anthropicApiKey === undefined ? {} : { anthropic: config.anthropicApiKey }),
      ...(config.modelApiKey === undefined ? {} : { openaiCompatible: config.modelApiKey }),
    },
  });
  return { generator: createLlmGenerator({ model, modelId: config.model }), fallback: offline };
}

/**
 * The composition root: loads the config, opens the metadata store, registers the demo provider
 * on first use and chooses the generators.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<App> {
  const config = options.config ?? loadConfig();
  const home = resolve(config.home);
  const built = options.generator ? { generator: options.generator } : buildGenerators(config);
  const store = await openMetadataStore(options.memoryStore ? { memory: true } : { dataDir: home });
  try {
    if (config.demo && !(await store.getProvider(DEMO_PROVIDER_ID))) {
      await store.addProvider({
        id: DEMO_PROVIDER_ID,
        kind: 'sqlite',
        path: resolve(home, 'demo.db'),
        description:
          'Generated demo shop database (customers, products, orders, payments, reviews, employees)',
      });
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  const providers = new ProviderHub({
    store,
    openProvider: (providerConfig: ProviderConfig) => createProvider(providerConfig),
    prepare: async (providerConfig) => {
      if (providerConfig.id === DEMO_PROVIDER_ID && config.demo) {
        await ensureDemoDatabase(home, { scale: config.demoScale });
      }
    },
  });
  const fallback = options.fallbackGenerator ?? built.fallback;
  const deps: PipelineDeps = {
    store,
    providers,
    generator: built.generator,
    ...(fallback ? { fallbackGenerator: fallback } : {}),
    enableExecution: config.enableExecution,
    priceOf: (name) => modelPrice(name, config.prices),
  };
  return {
    config,
    store,
    providers,
    deps,
    async close() {
      await providers.close();
      await store.close();
    },
  };
}
