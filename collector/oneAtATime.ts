/**
 * Runs async work one piece at a time, in the order it was asked for. The collector's lists share
 * one: a page of 500 pods is about 10 MB while parsed and written, and several resources listing
 * together at start would hold a page each at once.
 */
export function createOneAtATime() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work);
    // The next piece waits for this one to end, whether it succeeded or not.
    tail = run.catch(() => {});
    return run;
  };
}

export type OneAtATime = ReturnType<typeof createOneAtATime>;
