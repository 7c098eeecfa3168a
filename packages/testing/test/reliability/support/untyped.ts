/** Calling SDK functions the way untyped JavaScript can: any arguments at all. */

/**
 * Calls `fn` with `args` whatever its parameter types say, as a JavaScript caller could, and
 * answers what `fn` answers (its declared return type still holds at run time).
 */
export const callUntyped = <F extends (...args: never) => unknown>(
  fn: F,
  ...args: ReadonlyArray<unknown>
): ReturnType<F> => Reflect.apply(fn, undefined, args)
