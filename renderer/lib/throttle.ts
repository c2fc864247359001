/**
 * Calls `fn` at most once per `ms`: at once when idle, then once more after the quiet period if
 * calls came in meanwhile. Live events arrive in bursts (one per synced page); this keeps the
 * refetching to a steady trickle without dropping the last change.
 */
export function throttle(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let isPending = false;
  const run = (): void => {
    timer = setTimeout(() => {
      timer = null;
      if (isPending) {
        isPending = false;
        fn();
        run();
      }
    }, ms);
  };
  const call = (): void => {
    if (timer) {
      isPending = true;
      return;
    }
    fn();
    run();
  };
  call.cancel = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    isPending = false;
  };
  return call;
}

/** Calls `fn` once `ms` after the last call (search-as-you-type). */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return (...args: A) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, ms);
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
