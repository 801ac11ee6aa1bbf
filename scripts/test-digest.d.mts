/** Node's test runner events in, one JSON line (failure or top-level duration) out per event. */
export default function digest(
  source: AsyncIterable<{ type: string; data: Record<string, unknown> }>,
): AsyncGenerator<string>;
