import { z } from 'zod';
import { StageSchema } from './version.ts';

/** Kinds of audit events, in the order a model's life usually has them. */
export const EventTypeSchema = z.enum([
  'created',
  'registered',
  'alias_set',
  'alias_moved',
  'alias_deleted',
  'stage',
  'tag',
  'description',
  'delete',
]);
/** A kind of audit event. */
export type EventType = z.infer<typeof EventTypeSchema>;

/**
 * One audit event, stored at `events/<model>/<id>.json` where `id` is a UUIDv7: one key per event, so
 * concurrent writers never contend, and the ids sort by time.
 */
export const RegistryEventSchema = z.object({
  id: z.string(),
  type: EventTypeSchema,
  model: z.string(),
  at: z.number(),
  actor: z.string(),
  version: z.number().int().positive().optional(),
  alias: z.string().optional(),
  /** Previous value: the version an alias pointed to, or the stage a version was in. */
  from: z.union([z.number(), z.string()]).optional(),
  /** New value: the version an alias points to now, or the new stage. */
  to: z.union([z.number(), z.string()]).optional(),
  stage: StageSchema.optional(),
  reason: z.string().optional(),
  /** Tags set (`tag` events). */
  tags: z.record(z.string(), z.string()).optional(),
  /** Tag keys deleted (`tag` events). */
  deletedTags: z.array(z.string()).optional(),
});
/** An audit event. */
export type RegistryEvent = z.infer<typeof RegistryEventSchema>;
