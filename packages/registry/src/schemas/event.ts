import * as z from 'zod/mini';
import { ownRecord } from './own-record.ts';
import { type Stage, StageSchema } from './version.ts';

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

/** One audit event as stored. */
export const RegistryEventSchema = z.object({
  id: z.string(),
  type: EventTypeSchema,
  model: z.string(),
  at: z.number(),
  actor: z.string(),
  version: z.optional(z.int().check(z.positive())),
  alias: z.optional(z.string()),
  from: z.optional(z.union([z.number(), z.string()])),
  to: z.optional(z.union([z.number(), z.string()])),
  stage: z.optional(StageSchema),
  reason: z.optional(z.string()),
  tags: z.optional(ownRecord(z.string(), z.string())),
  deletedTags: z.optional(z.array(z.string())),
  stream: z.optional(z.string()),
  sequence: z.optional(z.int().check(z.nonnegative())),
});

/**
 * One audit event. Events are appended after the change they record; `stream` names the document the change
 * was committed to and `sequence` its commit count there, so events of one document list in commit order.
 */
export interface RegistryEvent {
  /** A UUIDv7: unique, and sortable by time. */
  id: string;
  /** What happened. */
  type: EventType;
  /** The model's name. */
  model: string;
  /** When, epoch ms. */
  at: number;
  /** Who. */
  actor: string;
  /** The version concerned (registered, stage, alias target, deleted version). */
  version?: number;
  /** The alias concerned. */
  alias?: string;
  /** Previous value: the version an alias pointed to, or the stage a version was in. */
  from?: number | string;
  /** New value: the version an alias points to now, or the new stage. */
  to?: number | string;
  /** The stage (`stage` and `registered` events). */
  stage?: Stage;
  /** Why, as the caller said. */
  reason?: string;
  /** Tags set (`tag` events). */
  tags?: Record<string, string>;
  /** Tag keys deleted (`tag` events). */
  deletedTags?: string[];
  /** The document the change was committed to: `model:<model id>` or `version:<number>`. */
  stream?: string;
  /** That document's commit count after the change. */
  sequence?: number;
}
