// The registry backend contract against the fake MLflow server (the contract makes its own models, which no
// transcript holds). Skipped by name, only what MLflow cannot express.
import { registryBackendContract } from '@plinth/registry/testing';
import { addFakeRegistry } from '../../../tracking/test/mlflow/fake-registry.ts';
import { FakeMlflow, type FakeServer, startFakeServer } from '../../../tracking/test/mlflow/fake-server.ts';
import { mlflowRegistryBackend } from './backend.ts';

let server: FakeServer;

registryBackendContract({
  name: 'mlflowRegistryBackend (fake MLflow server)',
  create: async () => {
    const state = new FakeMlflow();
    addFakeRegistry(state);
    server = await startFakeServer(state);
    return mlflowRegistryBackend({ url: server.url, retry: { maxAttempts: 1 } });
  },
  destroy: () => server.close(),
  skip: [
    // MLflow has no compare-and-set: a conditional write checks, then writes (sequential CAS is checked)
    'model: of N concurrent compare-and-set writers of one version, exactly one wins',
    'version: a number is claimed once; of concurrent claimers exactly one wins',
    // MLflow aliases point at versions that exist; this case sets aliases on a model without versions
    'model: own-key maps round-trip (aliases and tags named __proto__, constructor, toString)',
    // MLflow numbers the versions of an existing registered model itself (2, 10, 1 cannot be written)
    'version: read back as written, compare-and-set, list ascending, delete',
  ],
});
