// The public surface shared by index.node.ts and index.browser.ts; each adds its own createRegistry.
export type {
  AliasChange,
  AuditOptions,
  ExportStaticOptions,
  ExportSummary,
  Lineage,
  Registry,
  RegistryBackend,
  SearchVersionsOptions,
  TransitionStageOptions,
  WatchAliasOptions,
} from './backend.ts';
export { renderModelCard } from './card.ts';
export type { RegistryOptions } from './create-registry.ts';
export { type FilterClause, type FilterOperator, parseFilter } from './filter.ts';
export { createSha256, type Hasher } from './hash/sha256.ts';
export { isReservedAlias } from './internal/aliases.ts';
export { type ModelCard, ModelCardSchema } from './schemas/card.ts';
export { type EventType, EventTypeSchema, type RegistryEvent, RegistryEventSchema } from './schemas/event.ts';
export {
  type CreateModelOptions,
  CreateModelOptionsSchema,
  type RegisteredModel,
  RegisteredModelSchema,
  type UpdateOptions,
  UpdateOptionsSchema,
} from './schemas/model.ts';
export {
  type ArtifactDownloader,
  type ArtifactInput,
  type ModelVersion,
  ModelVersionSchema,
  type RegisterVersionOptions,
  RegisterVersionOptionsSchema,
  SemverSchema,
  type Stage,
  StageSchema,
  type StoredModelVersion,
} from './schemas/version.ts';
export { bumpSemver, classifySignatureChange, type SignatureChange } from './semver.ts';
export {
  ACCEPTED_URI_FORMS,
  formatModelUri,
  type ModelRef,
  type ModelVersionRef,
  parseModelUri,
} from './uri.ts';
