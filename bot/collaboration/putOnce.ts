import { ConcurrencyError, type Store } from '../storage/store';

/** Writes `value` unless the key exists; returns what is stored afterwards (the first write wins). */
export async function putOnce<T>(store: Store, key: string, value: T): Promise<T> {
  try {
    await store.put(key, value, { ifAbsent: true });
    return value;
  } catch (e) {
    if (!(e instanceof ConcurrencyError)) throw e;
    const current = await store.get<T>(key);
    return current ? current.value : value;
  }
}
