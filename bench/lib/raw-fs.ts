// Raw fs baselines the benchmarks compare fsStorage and the packages on top of it against.
import { open, rename } from 'node:fs/promises';
import path from 'node:path';

/** An atomic and durable write by hand: temp file, fsync, rename over `file`, fsync of the directory. */
export async function rawDurableWrite(file: string, bytes: Uint8Array | string): Promise<void> {
  const handle = await open(`${file}.tmp`, 'w');
  await handle.writeFile(bytes);
  await handle.sync();
  await handle.close();
  await rename(`${file}.tmp`, file);
  const directory = await open(path.dirname(file), 'r');
  await directory.sync();
  await directory.close();
}
