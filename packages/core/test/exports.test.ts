import { describe, expect, it } from 'vitest';

/** The runtime export names of an entry, sorted: a change to the public surface shows in this file's diff. */
async function names(specifier: string): Promise<string[]> {
  return Object.keys(await import(/* @vite-ignore */ specifier)).sort();
}

describe('public surface of @plinth/core', () => {
  it('the root entry', async () => {
    expect(await names('@plinth/core')).toMatchInlineSnapshot(`
      [
        "ColumnDtypeSchema",
        "ColumnSpecSchema",
        "DEFAULT_LIST_LIMIT",
        "DatasetRefSchema",
        "DatasetSourceSchema",
        "DimensionSchema",
        "KeySchema",
        "MAX_KEY_LENGTH",
        "MAX_LIST_LIMIT",
        "MAX_NAME_LENGTH",
        "MAX_STORAGE_KEY_LENGTH",
        "MAX_TAG_VALUE_LENGTH",
        "NameSchema",
        "PLINTH_ERROR_CODES",
        "PlinthError",
        "RelativePathSchema",
        "SignatureSchema",
        "TagValueSchema",
        "TagsSchema",
        "TensorDtypeSchema",
        "TensorSpecSchema",
        "TimestampSchema",
        "bytesToText",
        "collectBytes",
        "componentErrors",
        "decodeJson",
        "encodeJson",
        "fromZodError",
        "hasControlCharacters",
        "isSafeRelativePath",
        "isUuidv7",
        "listAll",
        "listAllKeys",
        "manualClock",
        "parseOrThrow",
        "plinthError",
        "systemClock",
        "textToBytes",
        "toEpochMs",
        "uuidv7",
        "uuidv7Time",
        "validationError",
      ]
    `);
  });
  it('@plinth/core/memory', async () => {
    expect(await names('@plinth/core/memory')).toMatchInlineSnapshot(`
      [
        "memoryStorage",
      ]
    `);
  });
  it('@plinth/core/fs', async () => {
    expect(await names('@plinth/core/fs')).toMatchInlineSnapshot(`
      [
        "fsStorage",
      ]
    `);
  });
  it('@plinth/core/idb', async () => {
    expect(await names('@plinth/core/idb')).toMatchInlineSnapshot(`
      [
        "idbStorage",
      ]
    `);
  });
  it('@plinth/core/http', async () => {
    expect(await names('@plinth/core/http')).toMatchInlineSnapshot(`
      [
        "DEFAULT_STATIC_INDEX_KEY",
        "StaticIndexSchema",
        "httpStorage",
        "writeStaticIndex",
      ]
    `);
  });
  it('@plinth/core/cached', async () => {
    expect(await names('@plinth/core/cached')).toMatchInlineSnapshot(`
      [
        "cachedStorage",
      ]
    `);
  });
  it('@plinth/core/adapter', async () => {
    expect(await names('@plinth/core/adapter')).toMatchInlineSnapshot(`
      [
        "DEFAULT_STATIC_INDEX_KEY",
        "MLFLOW_COLUMN_DTYPES",
        "MLFLOW_ERROR_CODES",
        "StaticIndexSchema",
        "assertStorageKey",
        "assertStoragePrefix",
        "backoff",
        "bytesEqual",
        "bytesToStream",
        "checkOptionKeys",
        "checkWriteConditions",
        "concatBytes",
        "decodeMlflowJson",
        "decodeMlflowNumber",
        "describeValue",
        "documentStore",
        "encodeArtifactPath",
        "encodeMlflowNumber",
        "isPlainObject",
        "isStorageAdapter",
        "isTransientMlflowError",
        "iterateBytes",
        "listLimit",
        "lowerBound",
        "mlflowArtifactPath",
        "mlflowClient",
        "mlflowError",
        "pageSortedKeys",
        "readOnlyError",
        "storageKeyProblem",
        "throwIfAborted",
        "toBytes",
        "withArgumentChecks",
        "writeStaticIndex",
      ]
    `);
  });
  it('@plinth/core/testing', async () => {
    expect(await names('@plinth/core/testing')).toMatchInlineSnapshot(`
      [
        "randomBytes",
        "rejectionCode",
        "storageContract",
      ]
    `);
  });
});
