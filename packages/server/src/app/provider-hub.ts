import { Text2xError, toText2xError } from '../core/index.js';
import type { OpenedProvider, ProviderSource } from '../pipeline/index.js';
import type { Provider, ProviderConfig } from '../providers/provider.js';
import type { MetadataStore } from '../store/metadata-store.js';

export interface ProviderHubOptions {
  store: MetadataStore;
  /** Opens a provider from its stored configuration. */
  openProvider: (config: ProviderConfig) => Promise<Provider>;
  /** Called before a provider is opened, e.g. to create the demo database on first use. */
  prepare?: (config: ProviderConfig) => Promise<void>;
}

/**
 * Opens providers on first use and keeps them open with their introspected schema, so a question
 * pays for introspection once per provider, not once per run.
 */
export class ProviderHub implements ProviderSource {
  private readonly opened = new Map<string, Promise<OpenedProvider>>();

  constructor(private readonly options: ProviderHubOptions) {}

  open(providerId: string): Promise<OpenedProvider> {
    let entry = this.opened.get(providerId);
    if (!entry) {
      entry = this.load(providerId);
      this.opened.set(providerId, entry);
      // A failed open is not cached: the file may be fixed or the server may come back.
      entry.catch(() => this.opened.delete(providerId));
    }
    return entry;
  }

  private async load(providerId: string): Promise<OpenedProvider> {
    const config = await this.options.store.getProvider(providerId);
    if (!config) throw new Text2xError('UNKNOWN_PROVIDER', `no data source has the id "${providerId}"`);
    await this.options.prepare?.(config);
    let provider: Provider;
    try {
      provider = await this.options.openProvider(config);
    } catch (error) {
      throw toText2xError(error, 'PROVIDER_UNAVAILABLE');
    }
    try {
      return { provider, schema: await provider.introspect() };
    } catch (error) {
      await provider.close().catch(() => undefined);
      throw toText2xError(error, 'PROVIDER_UNAVAILABLE');
    }
  }

  /** Forgets a provider's connection and schema (after removal or a schema refresh). */
  async forget(providerId: string): Promise<void> {
    const entry = this.opened.get(providerId);
    this.opened.delete(providerId);
    if (entry) await entry.then((opened) => opened.provider.close()).catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all([...this.opened.keys()].map((id) => this.forget(id)));
  }
}
