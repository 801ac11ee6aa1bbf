// Which published IVR flows name a schedule: one they name cannot be deleted, or callers would
// meet a node that cannot tell whether the center is open. Schedule nodes name it in a field
// called `schedule`.
import type { FlowService } from '../ivr/index.ts';

export function flowsUsingSchedule(flows: FlowService): (schedule: string) => Promise<string[]> {
  return async (schedule) => {
    const using: string[] = [];
    for (const flow of await flows.list()) {
      if (flow.publishedVersion === null) continue;
      const { document } = await flows.get(flow.name, flow.publishedVersion);
      if (namesSchedule(document, schedule)) using.push(flow.name);
    }
    return using;
  };
}

function namesSchedule(document: unknown, schedule: string): boolean {
  const nodes = (document as { nodes?: unknown } | null)?.nodes;
  if (typeof nodes !== 'object' || nodes === null) return false;
  return Object.values(nodes).some(
    (node) =>
      typeof node === 'object' &&
      node !== null &&
      (node as { type?: unknown }).type === 'schedule' &&
      (node as { schedule?: unknown }).schedule === schedule,
  );
}
