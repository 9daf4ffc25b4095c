import { memoryStorage } from '@plinth/core/memory';
import { expectTypeOf, test } from 'vitest';
import type { ActiveRun } from './active-run.ts';
import type { ArtifactSource } from './artifact-source.ts';
import { storageBackend } from './storage/storage-backend.ts';
import { createTracker } from './tracker.ts';

const storage = memoryStorage();

test('createTracker needs storage or backend, not both', () => {
  // @ts-expect-error neither storage nor backend
  createTracker({});
  // @ts-expect-error both
  createTracker({ storage, backend: storageBackend({ storage }) });
  // @ts-expect-error compactAfter configures the embedded backend only
  createTracker({ backend: storageBackend({ storage }), compactAfter: 4 });
  // @ts-expect-error unknown option
  createTracker({ storage, heartbeat: 5 });
  createTracker({ storage, compactAfter: 4 });
  createTracker({ backend: storageBackend({ storage }) });
});

test('misused run calls do not compile', () => {
  const run = {} as ActiveRun;
  // @ts-expect-error a number is not artifact content
  void run.logArtifact('a', 123);
  // @ts-expect-error { path } takes only a path
  void run.logArtifact('a', { path: 'x', mode: 'r' });
  // @ts-expect-error unknown end option
  void run.end({ stauts: 'failed' });
  // @ts-expect-error 'running' is not a final status
  void run.end({ status: 'running' });
  // @ts-expect-error unknown metric option
  run.logMetric('loss', 1, { stp: 1 });
  void run.end({ status: 'killed', endTime: new Date() });
  expectTypeOf<string>().toExtend<ArtifactSource>();
  expectTypeOf<ArrayBuffer>().toExtend<ArtifactSource>();
  expectTypeOf<{ path: string }>().toExtend<ArtifactSource>();
  expectTypeOf<ReadableStream<Uint8Array>>().toExtend<ArtifactSource>();
  expectTypeOf<number>().not.toExtend<ArtifactSource>();
});
