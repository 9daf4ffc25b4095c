import { checkOptionsObject, checkStorageArgument, checks } from './arguments.ts';
import type { ListOptions, StorageAdapter } from './port.ts';

/**
 * Every key under `prefix`, page after page.
 *
 * @example
 * ```ts
 * for await (const key of listAll(storage, 'runs/')) console.log(key);
 * ```
 */
export async function* listAll(
  storage: StorageAdapter,
  prefix: string,
  options: Omit<ListOptions, 'cursor'> = {},
): AsyncGenerator<string> {
  checkStorageArgument(storage, 'listAll');
  checkOptionsObject(
    options,
    { limit: checks.integer(1), signal: checks.signal },
    { component: 'core', subject: 'listAll options', path: 'options' },
  );
  let cursor: string | undefined;
  do {
    const page = await storage.list(prefix, { ...options, cursor });
    yield* page.keys;
    cursor = page.cursor;
  } while (cursor !== undefined);
}

/** Every key under `prefix`, collected into an array. */
export async function listAllKeys(storage: StorageAdapter, prefix: string): Promise<string[]> {
  checkStorageArgument(storage, 'listAllKeys');
  const keys: string[] = [];
  for await (const key of listAll(storage, prefix, { limit: 10_000 })) keys.push(key);
  return keys;
}
