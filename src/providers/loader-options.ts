/** DataLoader options every provider's loaders share, so `GATEWAY_BATCHING=off` reaches all of them. */
import type DataLoader from 'dataloader';
import type { LoaderSettings } from './provider.ts';

export function loaderOptions<K, V>(settings: LoaderSettings, name: string): DataLoader.Options<K, V, K> {
  return settings.batch ? { name } : { name, batch: false, cache: false };
}
