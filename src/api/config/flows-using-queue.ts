// Which published IVR flows send calls to a queue: a queue they name cannot be deleted, or
// callers would be routed to nothing. Queue, callback and voicemail-task nodes name it in a
// field called `queue`.
import type { FlowService } from '../ivr/index.ts';

export function flowsUsingQueue(flows: FlowService): (queue: string) => Promise<string[]> {
  return async (queue) => {
    const using: string[] = [];
    for (const flow of await flows.list()) {
      if (flow.publishedVersion === null) continue;
      const { document } = await flows.get(flow.name, flow.publishedVersion);
      if (namesQueue(document, queue)) using.push(flow.name);
    }
    return using;
  };
}

function namesQueue(value: unknown, queue: string): boolean {
  if (Array.isArray(value)) return value.some((v) => namesQueue(v, queue));
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, v]) =>
    key === 'queue' && typeof v === 'string' ? v === queue : namesQueue(v, queue),
  );
}
