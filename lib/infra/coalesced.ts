/**
 * A piece of background work run on demand, one run at a time per process: a call while a run is under way makes that
 * run go round once more (what the call wanted done is then done), and every caller waits for the same run. A failed
 * run is reported and ends; the next call runs again. Kept on globalThis under `name`, so that every bundle that
 * loads the module shares one.
 */
export function coalesced(
  name: string,
  work: () => Promise<void>,
  onError: (error: unknown) => void,
): (() => Promise<void>) & { settled(): Promise<void> } {
  const holder = globalThis as unknown as Record<string, { running: Promise<void> | null; again: boolean } | undefined>;
  const key = `__latchkeyCoalesced:${name}`;
  const state = (holder[key] ??= { running: null, again: false });
  const run = () => {
    if (state.running) {
      state.again = true;
      return state.running;
    }
    state.running = (async () => {
      do {
        state.again = false;
        await work();
      } while (state.again);
    })()
      .catch(onError)
      .finally(() => {
        state.running = null;
      });
    return state.running;
  };
  // For shutdown: resolves once no run is under way (at once when none is).
  return Object.assign(run, { settled: () => state.running ?? Promise.resolve() });
}
