// SIP trunks' public surface: the trunk type and directory, and the manager that registers, keeps alive and places calls through them.
export {
  StaticTrunkDirectory,
  dialNumber,
  trunkHostPort,
  type Trunk,
  type TrunkDirectory,
} from './trunk.ts';
export { inboundPeer, inboundUsernameClashes } from './trunk-inbound.ts';
export { LiveTrunkDirectory } from './live-trunk-directory.ts';
export {
  TrunkManager,
  type TrunkCall,
  type TrunkCalls,
  type TrunkManagerEvents,
  type TrunkManagerOptions,
  type TrunkRefusal,
  type TrunkStatus,
} from './trunk-manager.ts';
