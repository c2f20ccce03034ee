// A log line that can repeat every second or so for as long as a fault lasts (the job queue polling a database that is
// away) is written once, then at most once per interval with how many were held back, so that the fault stays
// visible without drowning every other line.

export type ThrottledLog<T> = (item: T) => void;

export function throttledLog<T>(
  write: (item: T, heldBack: number) => void,
  { intervalMs = 60_000, now = Date.now }: { intervalMs?: number; now?: () => number } = {},
): ThrottledLog<T> {
  let lastWrittenAt = Number.NEGATIVE_INFINITY;
  let heldBack = 0;
  return (item) => {
    const at = now();
    if (at - lastWrittenAt < intervalMs) {
      heldBack++;
      return;
    }
    write(item, heldBack);
    lastWrittenAt = at;
    heldBack = 0;
  };
}
