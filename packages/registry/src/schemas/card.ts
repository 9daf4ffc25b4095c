import * as z from 'zod/mini';
import { ownRecord } from './own-record.ts';

const text = z.string().check(z.maxLength(20_000));

/**
 * A model card (after Mitchell et al., "Model Cards for Model Reporting"): every section optional, text in
 * Markdown. `evaluationMetrics` is free text or a table of named numbers.
 */
export const ModelCardSchema = z.strictObject({
  /** What the model does, in a paragraph. */
  overview: z.optional(text),
  /** Uses it was built and evaluated for. */
  intendedUse: z.optional(text),
  /** Uses it must not be put to. */
  outOfScopeUse: z.optional(text),
  /** The data it was trained on. */
  trainingData: z.optional(text),
  /** Evaluation results: free text, or named numbers (`{ auc: 0.93 }`). */
  evaluationMetrics: z.optional(
    z.union([text, ownRecord(z.string().check(z.minLength(1), z.maxLength(250)), z.number(), 1000)]),
  ),
  /** Known limitations. */
  limitations: z.optional(text),
  /** Ethical considerations. */
  ethicalConsiderations: z.optional(text),
  /** People or teams who own the model. */
  owners: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(256))).check(z.maxLength(100))),
});

/** A model card: every section optional, text in Markdown. */
export interface ModelCard {
  /** What the model does, in a paragraph. */
  overview?: string;
  /** Uses it was built and evaluated for. */
  intendedUse?: string;
  /** Uses it must not be put to. */
  outOfScopeUse?: string;
  /** The data it was trained on. */
  trainingData?: string;
  /** Evaluation results: free text, or named numbers (`{ auc: 0.93 }`). */
  evaluationMetrics?: string | Record<string, number>;
  /** Known limitations. */
  limitations?: string;
  /** Ethical considerations. */
  ethicalConsiderations?: string;
  /** People or teams who own the model. */
  owners?: string[];
}
