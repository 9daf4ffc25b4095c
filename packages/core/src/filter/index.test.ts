import { expect, it } from 'vitest';
import * as entry from './index.ts';

it('@plinth/core/filter exports exactly these names (a change here is an API change)', () => {
  expect(Object.keys(entry).sort()).toEqual([
    'MAX_FILTER_CLAUSES',
    'MAX_FILTER_LENGTH',
    'NUMBER_COMPARATORS',
    'STRING_COMPARATORS',
    'STRING_LIST_COMPARATORS',
    'compileClause',
    'compileLike',
    'filterSyntaxError',
    'foldCase',
    'parseFilter',
    'parseOrderBy',
    'tokenize',
  ]);
});
