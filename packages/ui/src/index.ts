/** @plinth/ui: work in progress (issue 13). @packageDocumentation */
export const UI_PACKAGE = '@plinth/ui';
