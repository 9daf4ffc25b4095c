import { errors } from './internal/errors.ts';
import { type ModelCard, ModelCardSchema } from './schemas/card.ts';

const SECTIONS: [keyof ModelCard, string][] = [
  ['overview', 'Overview'],
  ['intendedUse', 'Intended use'],
  ['outOfScopeUse', 'Out-of-scope use'],
  ['trainingData', 'Training data'],
  ['evaluationMetrics', 'Evaluation metrics'],
  ['limitations', 'Limitations'],
  ['ethicalConsiderations', 'Ethical considerations'],
  ['owners', 'Owners'],
];

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * Renders a model card as Markdown: a title, then one `##` section per filled-in field, in a fixed order.
 * Metric tables render as Markdown tables, owners as a list.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when `card` does not match {@link ModelCardSchema} or `title` is not a string.
 * @example
 * ```ts
 * const markdown = renderModelCard({ overview: 'Scores card transactions.', owners: ['risk-ml'] }, 'fraud v3');
 * ```
 */
export function renderModelCard(card: ModelCard, title = 'Model card'): string {
  const parsed = errors.parse(ModelCardSchema, card, 'model card');
  if (typeof title !== 'string' || title.length > 1000) {
    throw errors.invalid('renderModelCard title', {
      path: '',
      message: 'must be a string of at most 1000 characters',
    });
  }
  const lines = [`# ${title}`, ''];
  for (const [field, heading] of SECTIONS) {
    const value = parsed[field];
    if (value === undefined) continue;
    lines.push(`## ${heading}`, '');
    if (typeof value === 'string') lines.push(value.trim());
    else if (Array.isArray(value)) for (const owner of value) lines.push(`- ${owner}`);
    else {
      lines.push('| metric | value |', '| --- | --- |');
      for (const [metric, number] of Object.entries(value)) lines.push(`| ${cell(metric)} | ${number} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
