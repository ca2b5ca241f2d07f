import type { ModelPrice } from '../config/index.js';
import type { SchemaInfo } from '../core/index.js';
import type { QueryGenerator } from '../generation/query-generator.js';
import type { Provider } from '../providers/provider.js';
import type { ApprovedExample } from '../retrieval/index.js';
import type { MetadataStore } from '../store/metadata-store.js';

/** An opened provider with its (cached) introspected schema. */
export interface OpenedProvider {
  provider: Provider;
  schema: SchemaInfo;
}

/** Where the pipeline gets providers from. Throws UNKNOWN_PROVIDER or PROVIDER_UNAVAILABLE. */
export interface ProviderSource {
  open(providerId: string, signal?: AbortSignal): Promise<OpenedProvider>;
}

/** Everything a run needs; built once by the app and shared by all runs. */
export interface PipelineDeps {
  store: MetadataStore;
  providers: ProviderSource;
  /** The configured generator (an LLM, or the offline engine when no model is configured). */
  generator: QueryGenerator;
  /** Used when `generator` fails with a fault; absent when `generator` is already the offline engine. */
  fallbackGenerator?: QueryGenerator;
  /** Approved examples for a provider (empty until the learning loop exists). */
  examples?: (providerId: string) => Promise<ApprovedExample[]>;
  /** Default of `options.enable_execution`. */
  enableExecution: boolean;
  /** Price of a generator's model for the trace's cost, when known. */
  priceOf?: (generatorName: string) => ModelPrice | undefined;
  /** Turns of the conversation given to the generator as history. Default 5. */
  historyTurns?: number;
}
