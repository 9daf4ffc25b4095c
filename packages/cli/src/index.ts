/** @plinth/cli: work in progress (issue 13). @packageDocumentation */
export const CLI_PACKAGE = '@plinth/cli';
