import * as z from 'zod/mini';

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
export const TensorDtypeSchema = /* @__PURE__ */ z.lazy(() => z.enum(['float16', ...SHARED_DTYPES]));
/** A tensor element type. */
export type TensorDtype = z.infer<typeof TensorDtypeSchema>;

/** A dimension: a non-negative size, or -1 for a dynamic one (batch size, sequence length). */
export const DimensionSchema = /* @__PURE__ */ z.lazy(() =>
  z.int().check(z.minimum(-1, 'must be -1 (dynamic) or a size ≥ 0')),
);

/** A named tensor: `{ name: 'features', dtype: 'float32', shape: [-1, 32] }`. */
export const TensorSpecSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    /** Tensor name, 1–256 characters. */
    name: z.string().check(z.minLength(1), z.maxLength(256)),
    /** Element type. */
    dtype: TensorDtypeSchema,
    /** Dimensions (at most 32), `-1` for a dynamic one. */
    shape: z.array(DimensionSchema).check(z.maxLength(32)),
  }),
);
/** A named tensor with its element type and shape. */
export type TensorSpec = z.infer<typeof TensorSpecSchema>;

/** Types of a table column. */
export const ColumnDtypeSchema = /* @__PURE__ */ z.lazy(() =>
  z.enum([...SHARED_DTYPES, 'category', 'timestamp', 'binary']),
);
/** A column type. */
export type ColumnDtype = z.infer<typeof ColumnDtypeSchema>;

/** A named column: `{ name: 'amount', dtype: 'float64', nullable: true }`. */
export const ColumnSpecSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    /** Column name, 1–256 characters. */
    name: z.string().check(z.minLength(1), z.maxLength(256)),
    /** Column type. */
    dtype: ColumnDtypeSchema,
    /** Whether the column may hold missing values. */
    nullable: z.optional(z.boolean()),
    /** Shape of each cell, for tensor-valued columns. */
    shape: z.optional(z.array(DimensionSchema).check(z.maxLength(32))),
  }),
);
/** A named column with its type. */
export type ColumnSpec = z.infer<typeof ColumnSpecSchema>;

/** A model signature: its input and output tensors (or columns, for tabular models). */
export const SignatureSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    /** Input tensors or columns, at least one. */
    inputs: z.array(z.union([TensorSpecSchema, ColumnSpecSchema])).check(z.minLength(1)),
    /** Output tensors or columns. @default [] */
    outputs: z._default(z.array(z.union([TensorSpecSchema, ColumnSpecSchema])), []),
  }),
);
/** A model signature. */
export type Signature = z.infer<typeof SignatureSchema>;
