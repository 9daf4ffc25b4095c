/**
 * Test helpers for Plinth adapters. Imports `vitest`; use it only from test files.
 *
 * @packageDocumentation
 */

export { randomBytes } from './random-bytes.ts';
export { rejectionCode } from './rejection-code.ts';
export { type StorageContractOptions, storageContract } from './storage-contract.ts';
