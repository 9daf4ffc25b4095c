import { PlinthError } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { renderModelCard } from './card.ts';

describe('renderModelCard', () => {
  it('renders filled-in sections in order, metrics as a table and owners as a list', () => {
    const markdown = renderModelCard(
      {
        owners: ['risk-ml', 'ana@example.com'],
        overview: 'Scores card transactions for fraud.',
        evaluationMetrics: { auc: 0.93, 'recall|fpr=1%': 0.71 },
        limitations: 'Trained on EU traffic only.',
      },
      'fraud v3',
    );
    expect(markdown).toBe(
      [
        '# fraud v3',
        '',
        '## Overview',
        '',
        'Scores card transactions for fraud.',
        '',
        '## Evaluation metrics',
        '',
        '| metric | value |',
        '| --- | --- |',
        '| auc | 0.93 |',
        '| recall\\|fpr=1% | 0.71 |',
        '',
        '## Limitations',
        '',
        'Trained on EU traffic only.',
        '',
        '## Owners',
        '',
        '- risk-ml',
        '- ana@example.com',
        '',
      ].join('\n'),
    );
  });

  it('renders every section heading when all are given', () => {
    const markdown = renderModelCard({
      overview: 'a',
      intendedUse: 'b',
      outOfScopeUse: 'c',
      trainingData: 'd',
      evaluationMetrics: 'e',
      limitations: 'f',
      ethicalConsiderations: 'g',
      owners: ['h'],
    });
    const headings = markdown.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual([
      '## Overview',
      '## Intended use',
      '## Out-of-scope use',
      '## Training data',
      '## Evaluation metrics',
      '## Limitations',
      '## Ethical considerations',
      '## Owners',
    ]);
  });

  it('rejects a malformed card with PLINTH_VALIDATION naming the field', () => {
    try {
      renderModelCard({ owners: 'me' } as never);
      expect.unreachable();
    } catch (error) {
      expect(PlinthError.is(error, 'PLINTH_VALIDATION')).toBe(true);
      expect((error as Error).message).toContain('owners');
    }
  });
});
