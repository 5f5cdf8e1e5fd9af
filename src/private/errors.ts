/**
 * The one format of every error the library throws: `<prop or method>: <what is wrong>; <how to fix it>`.
 * Lowercase, no trailing period, the bad value shown in `problem`, so that a user reading a failed synth
 * knows which line of their code to change and how. Internal module.
 */
export function propError(prop: string, problem: string, fix: string): Error {
  return new Error(propMessage(prop, problem, fix));
}

/** The same format for errors returned by construct validations (strings, not thrown). */
export function propMessage(prop: string, problem: string, fix: string): string {
  return `${prop}: ${problem}; ${fix}`;
}
