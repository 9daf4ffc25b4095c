import { NameSchema } from '@plinth/core';
import * as z from 'zod/mini';
import { AliasTableSchema, OwnTagsSchema, VersionNumberSchema } from './fields.ts';

export { MAX_DESCRIPTION_LENGTH } from './fields.ts';

/** A registered model as stored (`models/<name>.json` on a storage backend): metadata and its alias table. */
export const RegisteredModelSchema = z.object({
  name: NameSchema,
  description: z._default(z.string(), ''),
  tags: z._default(OwnTagsSchema, {}),
  aliases: z._default(AliasTableSchema, {}),
  deletedVersions: z._default(z.array(VersionNumberSchema), []),
  createdAt: z.number(),
  updatedAt: z.number(),
  createdBy: z.string(),
  sequence: z._default(z.int().check(z.nonnegative()), 0),
  id: z._default(z.string(), ''),
});

/** A registered model. */
export interface RegisteredModel {
  /** The model's name (1–256 letters, digits, space and `_ . - :`). */
  name: string;
  /** Markdown description. */
  description: string;
  /** Tags, an own-key map (read with `Object.hasOwn`). */
  tags: Record<string, string>;
  /** Alias → version number, an own-key map (read with `Object.hasOwn`). */
  aliases: Record<string, number>;
  /**
   * Versions deleted with `deleteVersion`, recorded before their documents go, so that an alias move racing
   * the delete (both compare-and-set on this document) never points at a deleted version.
   */
  deletedVersions: number[];
  /** Creation time, epoch ms. */
  createdAt: number;
  /** Last change, epoch ms. */
  updatedAt: number;
  /** Who created it. */
  createdBy: string;
  /**
   * Count of committed changes of this document: every compare-and-set raises it by one, and the audit
   * events of the change carry it, so `history()` lists them in commit order.
   */
  sequence: number;
  /** Id of this incarnation of the model (a UUIDv7): a model deleted and created again gets a new one. */
  id: string;
}

/** The version counter (`counters/<name>.json` on a storage backend): a lower bound of the newest version. */
export const CounterSchema = z.object({ latest: z.int().check(z.nonnegative()) });

/** Options of `createModel`. */
export interface CreateModelOptions {
  /** Markdown description. @default '' */
  description?: string;
  /** Tags (keys as metric/tag keys, values up to 8,000 characters). @default {} */
  tags?: Record<string, string>;
  /** Who creates it. @default the registry's `actor` */
  actor?: string;
  /**
   * What to do when the model exists: `'error'` raises `PLINTH_CONFLICT`; `'return'` returns it unchanged
   * (for scripts that run more than once). @default 'error'
   */
  ifExists?: 'error' | 'return';
}

/** Changes for `updateModel` / `updateVersion`: a new description, tags to set, tag keys to delete. */
export interface UpdateOptions {
  /** New Markdown description. @default unchanged */
  description?: string;
  /** Tags to set (other tags stay). */
  tags?: Record<string, string>;
  /** Tag keys to remove. */
  deleteTags?: string[];
  /** Who makes the change. @default the registry's `actor` */
  actor?: string;
}
/** Parsed changes. */
