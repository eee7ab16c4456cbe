/** A macrotask's wait: the page handles input and paints before the next slice of work (the search corpus, the eval page's files). */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Runs `work` over [0, count) in slices of `size`, letting the page handle input and paint between
 * them (a macrotask each), so a 45 MB corpus never holds the main thread for long.
 * `signal` stops the loop before the next slice.
 */
export async function inSlices(
  count: number,
  size: number,
  work: (start: number, end: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  for (let start = 0; start < count; start += size) {
    signal?.throwIfAborted();
    work(start, Math.min(count, start + size));
    await nextTask();
  }
  signal?.throwIfAborted();
}
