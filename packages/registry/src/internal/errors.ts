import { componentErrors } from '@plinth/core';

/** The registry's error builders: every registry error names the component `registry`. */
export const errors = componentErrors('registry');

/** Component named in every registry error. */
export const COMPONENT = errors.component;
