/**
 * @plinth/serving: In-process ONNX serving: sessions, dynamic batching, A/B, canary, shadow and bandit routing.
 *
 * @packageDocumentation
 */
export {};
