import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Bundles `source` for a browser as an app would (minified, tree-shaken) and lists the files it pulled in. */
async function bundledInputs(source: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: source, resolveDir: here, loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@plinth/source'],
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  return Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([file]) => file);
}

const zodFiles = (inputs: string[]) => inputs.filter((file) => file.includes('node_modules/zod/'));

describe('tree-shaking: zod stays out of bundles that build no schema', () => {
  it('a page importing only PlinthError from @plinth/core bundles no zod', async () => {
    const inputs = await bundledInputs(
      `import { PlinthError } from '@plinth/core'; console.log(PlinthError.is(new Error('x')));`,
    );
    expect(inputs.some((file) => file.includes('plinth-error.ts'))).toBe(true);
    expect(zodFiles(inputs)).toEqual([]);
  });

  it('helpers that share a module with a schema leave the schema out (module-level schemas are pure)', async () => {
    const inputs = await bundledInputs(`
      import { isSafeRelativePath, MAX_TAG_VALUE_LENGTH, toEpochMs } from '@plinth/core';
      import { DEFAULT_STATIC_INDEX_KEY } from '@plinth/core/adapter';
      console.log(isSafeRelativePath('a'), MAX_TAG_VALUE_LENGTH, toEpochMs(1), DEFAULT_STATIC_INDEX_KEY);
    `);
    expect(inputs.some((file) => file.includes('schemas/names.ts'))).toBe(true);
    expect(inputs.some((file) => file.includes('schemas/timestamp.ts'))).toBe(true);
    expect(zodFiles(inputs)).toEqual([]);
  });

  it('a page that uses NameSchema does bundle zod (the check above can fail)', async () => {
    const inputs = await bundledInputs(
      `import { NameSchema } from '@plinth/core'; console.log(NameSchema.safeParse('a').success);`,
    );
    expect(zodFiles(inputs).length).toBeGreaterThan(0);
  });
});
