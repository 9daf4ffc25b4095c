// The public surface shared by index.node.ts and index.browser.ts; each adds its own createRegistry.
export type { BlobKey, BlobStream, RegistryBackend, Versioned, WriteCondition } from './backend.ts';
export { renderModelCard } from './card.ts';
export type { RegistryOptions, RegistrySettings } from './create-registry.ts';
export type {
  AliasChange,
  AuditOptions,
  ExportStaticOptions,
  ExportSummary,
  Lineage,
  Registry,
  SearchVersionsOptions,
  TransitionStageOptions,
  VersionsPage,
  WatchAliasOptions,
} from './registry-api.ts';
export { type ModelCard, ModelCardSchema } from './schemas/card.ts';
export { type EventType, EventTypeSchema, type RegistryEvent, RegistryEventSchema } from './schemas/event.ts';
export {
  type CreateModelOptions,
  type RegisteredModel,
  RegisteredModelSchema,
  type UpdateOptions,
} from './schemas/model.ts';
export {
  type ArtifactDownloader,
  type ArtifactFile,
  type ArtifactInput,
  type ModelVersion,
  ModelVersionSchema,
  type RegisterVersionOptions,
  SemverSchema,
  type Stage,
  StageSchema,
  type StoredModelVersion,
  type TrackedArtifact,
} from './schemas/version.ts';
export { type RegistryStorageBackendOptions, storageBackend } from './storage-backend.ts';
export {
  ACCEPTED_URI_FORMS,
  formatModelUri,
  type ModelRef,
  type ModelUri,
  type ModelVersionRef,
  parseModelUri,
} from './uri.ts';
