/**
 * Test helpers for registry backend authors. Imports `vitest`; use it only from test files.
 *
 * @packageDocumentation
 */

export {
  REGISTRY_BACKEND_CASES,
  type RegistryBackendCase,
  type RegistryBackendContractOptions,
  registryBackendContract,
} from './backend-contract.ts';
