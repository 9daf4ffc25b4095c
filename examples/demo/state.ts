// Where the demo keeps its state: everything under one folder (`.plinth`, or $PLINTH_DIR). The data files are
// reused when they were written from the same seed and sizes (and still have the digests recorded then);
// tracking runs and registry versions accumulate, so a second run adds runs and versions next to the first.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SIZE, type World } from './generate.ts';
import { type SourceFiles, sourceFiles, writeSources } from './sources.ts';
import { fileDigest } from './training-set.ts';

export interface DemoPaths {
  root: string;
  data: string;
  reports: string;
}

export function demoPaths(environment: NodeJS.ProcessEnv = process.env): DemoPaths {
  const root = path.resolve(environment.PLINTH_DIR ?? '.plinth');
  return { root, data: path.join(root, 'demo-data'), reports: path.join(root, 'reports') };
}

/** Deletes the whole state folder (`npm run demo -- --fresh`). */
export function wipe(paths: DemoPaths): void {
  rmSync(paths.root, { recursive: true, force: true });
}

interface Manifest {
  seed: number;
  size: typeof DEFAULT_SIZE;
  digests: Record<keyof SourceFiles, string>;
}

/** Writes the Parquet sources, or reuses them; returns the files, their digests and whether they were reused. */
export async function ensureSources(
  world: World,
  seed: number,
  paths: DemoPaths,
): Promise<{ files: SourceFiles; digests: Record<keyof SourceFiles, string>; reused: boolean }> {
  mkdirSync(paths.data, { recursive: true });
  const manifestFile = path.join(paths.data, 'manifest.json');
  const files = sourceFiles(paths.data);
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    const same =
      manifest.seed === seed &&
      JSON.stringify(manifest.size) === JSON.stringify(DEFAULT_SIZE) &&
      (Object.keys(files) as Array<keyof SourceFiles>).every(
        (name) => existsSync(files[name]) && fileDigest(files[name]) === manifest.digests[name],
      );
    if (same) return { files, digests: manifest.digests, reused: true };
  }
  await writeSources(world, paths.data);
  const digests = {
    transactions: fileDigest(files.transactions),
    userStats: fileDigest(files.userStats),
    merchantStats: fileDigest(files.merchantStats),
  };
  writeFileSync(
    manifestFile,
    JSON.stringify({ seed, size: DEFAULT_SIZE, digests } satisfies Manifest, null, 2),
  );
  return { files, digests, reused: false };
}
