// Which published IVR flows send calls out through a trunk (a transfer node's `trunk`): such a
// trunk cannot be deleted, or those callers would be transferred to nothing.
import type { FlowService } from '../ivr/index.ts';

export function flowsUsingTrunk(flows: FlowService): (trunk: string) => Promise<string[]> {
  return async (trunk) => {
    const using: string[] = [];
    for (const flow of await flows.list()) {
      if (flow.publishedVersion === null) continue;
      const { document } = await flows.get(flow.name, flow.publishedVersion);
      if (namesTrunk(document, trunk)) using.push(flow.name);
    }
    return using;
  };
}

function namesTrunk(value: unknown, trunk: string): boolean {
  if (Array.isArray(value)) return value.some((v) => namesTrunk(v, trunk));
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, v]) =>
    key === 'trunk' && typeof v === 'string' ? v === trunk : namesTrunk(v, trunk),
  );
}
