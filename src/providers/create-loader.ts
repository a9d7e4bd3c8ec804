/**
 * How every provider builds its DataLoaders, so that `GATEWAY_BATCHING=off` and the batch-size
 * metric reach all of them.
 */
import DataLoader from 'dataloader';
import type { LoaderSettings } from './provider.ts';

export function createLoader<K, V>(settings: LoaderSettings, name: string, batch: DataLoader.BatchLoadFn<K, V>): DataLoader<K, V> {
  const observed: DataLoader.BatchLoadFn<K, V> = (keys) => {
    settings.onBatch?.(name, keys.length);
    return batch(keys);
  };
  return new DataLoader<K, V>(observed, settings.batch ? { name } : { name, batch: false, cache: false });
}
