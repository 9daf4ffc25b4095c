// Test helpers: temp directories, data written by a separate raw DuckDB connection (independent of the engine),
// and a small in-test OnlineStore written to the port (newer wins) until storageOnlineStore is on main.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { EntityKeyValue, OnlineStore, OnlineValue, OnlineWriteBatch } from '../src/online/port.ts';

/** A fresh temp directory and its cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'plinth-features-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs SQL statements on a throwaway DuckDB (to write test files independently of the engine). */
export async function rawSql(...statements: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    for (const statement of statements) await connection.run(statement);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Reads rows of a query on a throwaway DuckDB, as JSON-ish values. */
export async function rawRows(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function keyOf(tuple: readonly (EntityKeyValue | null)[]): string | undefined {
  if (tuple.some((value) => value === null)) return undefined;
  return tuple
    .map((value) => `${typeof value === 'bigint' ? 'number' : typeof value}:${String(value)}`)
    .join('\u0000');
}

/** A minimal OnlineStore over a Map (newer wins by (event ts, created ts)). */
export function mapOnlineStore(): OnlineStore & {
  rows: Map<string, Map<string, { values: Map<string, OnlineValue>; event: number; created: number | null }>>;
  meta: Map<string, string>;
} {
  const rows = new Map<
    string,
    Map<string, { values: Map<string, OnlineValue>; event: number; created: number | null }>
  >();
  const meta = new Map<string, string>();
  return {
    kind: 'test-map',
    rows,
    meta,
    async write(batch: OnlineWriteBatch) {
      let written = 0;
      let skipped = 0;
      const table = rows.get(batch.view.name) ?? new Map();
      rows.set(batch.view.name, table);
      for (let i = 0; i < batch.length; i++) {
        const key = keyOf(batch.keys[i]!);
        if (key === undefined) {
          skipped++;
          continue;
        }
        const event = batch.eventTimestamps[i]!;
        const created = batch.createdTimestamps?.[i] ?? null;
        const stored = table.get(key);
        const older =
          stored &&
          (event < stored.event ||
            (event === stored.event && (created ?? -Infinity) <= (stored.created ?? -Infinity)));
        if (older) {
          skipped++;
          continue;
        }
        const values = new Map<string, OnlineValue>();
        batch.features.forEach((feature, f) => {
          values.set(feature, batch.values[f]![i] ?? null);
        });
        table.set(key, { values, event, created });
        written++;
      }
      return { written, skipped };
    },
    async read(request) {
      const table = rows.get(request.view.name);
      const found: boolean[] = [];
      const stamps: (number | null)[] = [];
      const values = request.features.map(() => [] as OnlineValue[]);
      for (const tuple of request.keys) {
        const key = keyOf(tuple);
        const row = key === undefined ? undefined : table?.get(key);
        found.push(row !== undefined);
        stamps.push(row?.event ?? null);
        request.features.forEach((feature, f) => {
          values[f]!.push(row?.values.get(feature) ?? null);
        });
      }
      return { found, values, eventTimestamps: stamps };
    },
    async getMeta(key) {
      return meta.get(key);
    },
    async setMeta(key, value) {
      meta.set(key, value);
    },
    async dropView(view) {
      rows.delete(view);
    },
    async close() {},
  };
}
