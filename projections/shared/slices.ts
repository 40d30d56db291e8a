/**
 * Runs work written as slices (a generator that yields between them, e.g. `decodeInSlices`) to its
 * end at once and returns its result: the whole decode for callers that need no turns in between.
 */
export function allSlices<T>(slices: Generator<void, T, void>): T {
  for (;;) {
    const step = slices.next();
    if (step.done) return step.value;
  }
}
