// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to reject control characters
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** True when `value` contains an ASCII or C1 control character. Kept free of zod so key checks stay small. */
export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}
