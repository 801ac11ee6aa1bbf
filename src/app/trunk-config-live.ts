// Trunks managed through the API in the running application: the service opened with the config
// file's trunks (read-only beside it) and the published flows that name a trunk, and connected
// to telephony so that a saved trunk (re)starts at once, alone, and a deleted one unregisters.
import {
  TrunkService,
  flowsUsingTrunk,
  type AuditTrail,
  type FlowService,
  type TrunkLive,
} from '../api/index.ts';
import type { Clock, HotlineConfig, Logger } from '../platform/index.ts';
import type { EventStore } from '../store/index.ts';
import type { TelephonyRuntime } from './telephony.ts';
import { trunkHealth } from './telephony-health.ts';

/** Opens the trunk service and reads the stored trunks. */
export async function openTrunkConfiguration(deps: {
  config: HotlineConfig;
  events: EventStore;
  audit: AuditTrail;
  clock: Clock;
  logger: Logger;
  /** The IVR flows, once wired (a trunk a published flow transfers through cannot be deleted). */
  flows: () => FlowService | undefined;
}): Promise<TrunkService> {
  const trunks = new TrunkService({
    events: deps.events,
    audit: deps.audit,
    clock: deps.clock,
    logger: deps.logger,
    fixed: deps.config.sip.trunks,
    peers: deps.config.sip.trunkPeers,
    flowsUsing: async (trunk) => {
      const flows = deps.flows();
      return flows ? flowsUsingTrunk(flows)(trunk) : [];
    },
  });
  await trunks.load();
  return trunks;
}

export function trunksLive(telephony: TelephonyRuntime): TrunkLive {
  return {
    // Not started: no media engine yet (as the health view decides it).
    status: () =>
      telephony.healthParts.media === undefined ? null : telephony.trunkStatus().map(trunkHealth),
    activeCalls: (name) => telephony.trunkCalls(name),
    apply: (trunk) => telephony.putTrunk(trunk),
    remove: (name) => telephony.removeTrunk(name),
  };
}
