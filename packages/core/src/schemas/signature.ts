import { z } from 'zod';

/** Element types a tensor and a table column share (the ONNX names). */
const SHARED_DTYPES = [
  'float32',
  'float64',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'bool',
  'string',
] as const;

/** Element types of a tensor (the ONNX names). */
export const TensorDtypeSchema = z.enum(['float16', ...SHARED_DTYPES]);
/** A tensor element type. */
export type TensorDtype = z.infer<typeof TensorDtypeSchema>;

/** A dimension: a non-negative size, or -1 for a dynamic one (batch size, sequence length). */
export const DimensionSchema = z.number().int().min(-1, 'must be -1 (dynamic) or a size ≥ 0');

/** A named tensor: `{ name: 'features', dtype: 'float32', shape: [-1, 32] }`. */
export const TensorSpecSchema = z.object({
  name: z.string().min(1).max(256),
  dtype: TensorDtypeSchema,
  shape: z.array(DimensionSchema).max(32),
});
/** A named tensor with its element type and shape. */
export type TensorSpec = z.infer<typeof TensorSpecSchema>;

/** Types of a table column. */
export const ColumnDtypeSchema = z.enum([...SHARED_DTYPES, 'category', 'timestamp', 'binary']);
/** A column type. */
export type ColumnDtype = z.infer<typeof ColumnDtypeSchema>;

/** A named column: `{ name: 'amount', dtype: 'float64', nullable: true }`. */
export const ColumnSpecSchema = z.object({
  name: z.string().min(1).max(256),
  dtype: ColumnDtypeSchema,
  nullable: z.boolean().optional(),
  shape: z.array(DimensionSchema).max(32).optional(),
});
/** A named column with its type. */
export type ColumnSpec = z.infer<typeof ColumnSpecSchema>;

/** A model signature: its input and output tensors (or columns, for tabular models). */
export const SignatureSchema = z.object({
  inputs: z.array(z.union([TensorSpecSchema, ColumnSpecSchema])).min(1),
  outputs: z.array(z.union([TensorSpecSchema, ColumnSpecSchema])).default([]),
});
/** A model signature. */
export type Signature = z.infer<typeof SignatureSchema>;
