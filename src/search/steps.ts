import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * Long work written as a generator that yields wherever it may pause, and returns its result. Run
 * at once where nothing waits for the main thread (a test, a command), or between answers by the
 * bot, which writing the cache of 10,000 plans would otherwise stop for seconds.
 */
export type Steps<T> = Generator<void, T, void>;

/** How many items a loop handles between two places where it may pause. */
export const ITEMS_PER_STEP = 2048;

export function runAtOnce<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

export interface SlicedRun<T> {
  /** False when the work was given up (`stillValid` turned false between two slices). */
  done: boolean;
  value?: T;
  slices: number;
  /** The longest time the main thread was held by one slice. */
  longestSliceMs: number;
}

/**
 * Runs the steps about `sliceMs` at a time, each slice after the event loop's pending work (an
 * answer, a webhook) has run. Before each slice but the first, `stillValid` says whether what the
 * steps read is still the same; when it is not, the steps are stopped (their `finally` blocks run).
 */
export async function runBetweenAnswers<T>(steps: Steps<T>, stillValid: () => boolean, sliceMs = 8): Promise<SlicedRun<T>> {
  let slices = 0;
  let longestSliceMs = 0;
  try {
    for (;;) {
      if (slices > 0) {
        await nextTurn();
        if (!stillValid()) return { done: false, slices, longestSliceMs };
      }
      slices++;
      const started = performance.now();
      let now = started;
      do {
        const next = steps.next();
        if (next.done) return { done: true, value: next.value, slices, longestSliceMs: Math.max(longestSliceMs, performance.now() - started) };
        now = performance.now();
      } while (now - started < sliceMs);
      longestSliceMs = Math.max(longestSliceMs, now - started);
    }
  } finally {
    steps.return(undefined as T);
  }
}

/** `items.map(make)`, pausing every ITEMS_PER_STEP items. */
export function* mapInSteps<T, U>(items: readonly T[], make: (item: T, index: number) => U): Steps<U[]> {
  const made = new Array<U>(items.length);
  for (let i = 0; i < items.length; i++) {
    made[i] = make(items[i]!, i);
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
  }
  return made;
}
