/**
 * Test helpers for online store authors. Imports `vitest`; use it only from test files.
 *
 * @packageDocumentation
 */

export { type OnlineStoreContractOptions, onlineStoreContract } from './online-store-contract.ts';
