import type { AnySchema } from '@plinth/core';
import type { ZodType } from 'zod';

/** `documentStore` is typed for classic zod schemas; the zod/mini schemas of tracking parse the same way. */
export const asDocumentSchema = <T>(schema: AnySchema): ZodType<T> => schema as unknown as ZodType<T>;
