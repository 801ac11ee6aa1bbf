// Runs configuration changes one at a time: each computes the next whole set from the current
// one, so two concurrent changes must not both start from the same set.
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn, fn);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
