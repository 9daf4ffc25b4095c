import { KeySchema, NameSchema, TagValueSchema } from '@plinth/core';
import * as z from 'zod/mini';
import { ownRecord } from './own-record.ts';

/** Longest description of a model or version. */
export const MAX_DESCRIPTION_LENGTH = 20_000;
/** Longest `reason` of an audited change. */
export const MAX_REASON_LENGTH = 8000;

/** Who made a change: 1–256 characters. */
export const ActorSchema = z.string().check(z.minLength(1), z.maxLength(256));

/** Tags as own-key maps (`__proto__` and `constructor` are ordinary keys). */
export const OwnTagsSchema = ownRecord(KeySchema, TagValueSchema, 10_000);

/** A positive version number. */
export const VersionNumberSchema = z.int().check(z.positive());

/** An alias table: alias → version number, own keys only. */
export const AliasTableSchema = ownRecord(NameSchema, VersionNumberSchema, 10_000);
