import { z } from 'zod';

const text = z.string().max(20_000);

/**
 * A model card (after Mitchell et al., "Model Cards for Model Reporting"): every section optional, text in
 * Markdown. `evaluationMetrics` is free text or a table of named numbers.
 */
export const ModelCardSchema = z.object({
  overview: text.optional(),
  intendedUse: text.optional(),
  outOfScopeUse: text.optional(),
  trainingData: text.optional(),
  evaluationMetrics: z.union([text, z.record(z.string().min(1).max(250), z.number())]).optional(),
  limitations: text.optional(),
  ethicalConsiderations: text.optional(),
  owners: z.array(z.string().min(1).max(256)).max(100).optional(),
});
/** A model card; see {@link ModelCardSchema}. */
export type ModelCard = z.infer<typeof ModelCardSchema>;
