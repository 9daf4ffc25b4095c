import { describe, expect, it } from 'vitest';
import * as browser from '../src/index.browser.ts';
import * as node from '../src/index.node.ts';
import * as mlflow from '../src/mlflow/index.ts';
import * as search from '../src/search.ts';
import * as semver from '../src/semver.ts';
import * as testing from '../src/testing/index.ts';

// The public surface: a change to what an entry exports shows here as a diff.
describe('export names of each entry', () => {
  it('@plinth/registry (node and browser alike)', () => {
    expect(Object.keys(node).sort()).toEqual(Object.keys(browser).sort());
    expect(Object.keys(node).sort()).toMatchInlineSnapshot(`
      [
        "ACCEPTED_URI_FORMS",
        "EventTypeSchema",
        "ModelCardSchema",
        "ModelVersionSchema",
        "RegisteredModelSchema",
        "RegistryEventSchema",
        "SemverSchema",
        "StageSchema",
        "createRegistry",
        "formatModelUri",
        "parseModelUri",
        "renderModelCard",
        "storageBackend",
      ]
    `);
  });

  it('@plinth/registry/search', () => {
    expect(Object.keys(search).sort()).toMatchInlineSnapshot(`
      [
        "parseFilter",
      ]
    `);
  });

  it('@plinth/registry/mlflow', () => {
    expect(Object.keys(mlflow).sort()).toMatchInlineSnapshot(`
      [
        "mlflowRegistryBackend",
        "readMlmodel",
      ]
    `);
  });

  it('@plinth/registry/semver', () => {
    expect(Object.keys(semver).sort()).toMatchInlineSnapshot(`
      [
        "bumpSemver",
        "classifySignatureChange",
      ]
    `);
  });

  it('@plinth/registry/testing', () => {
    expect(Object.keys(testing).sort()).toMatchInlineSnapshot(`
      [
        "REGISTRY_BACKEND_CASES",
        "registryBackendContract",
      ]
    `);
  });
});
