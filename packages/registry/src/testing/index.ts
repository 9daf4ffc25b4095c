/**
 * Test helpers for registry backend authors. Imports `vitest`; use it only from test files.
 *
 * @packageDocumentation
 */

export { type RegistryBackendContractOptions, registryBackendContract } from './backend-contract.ts';
