/**
 * @plinth/tracking/testing: the contract every `TrackingBackend` meets, as a vitest suite. Imports `vitest`;
 * use it only from test files.
 *
 * @packageDocumentation
 */
export {
  TRACKING_BACKEND_CASES,
  type TrackingBackendCase,
  type TrackingBackendContractOptions,
  trackingBackendContract,
} from './backend-contract.ts';
