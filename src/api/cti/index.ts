// Live CTI for the desk and the wallboard: the typed event union, the live state that follows
// the log, and who sees what.
export * from './cti-events.ts';
export {
  CtiLiveState,
  type CtiDirectory,
  type CtiFrame,
  type CtiLiveStateOptions,
} from './cti-live-state.ts';
export { toCtiEvents } from './cti-mapper.ts';
export * from './telephony-health.ts';
export { TelephonyHealthFeed, type TelephonyHealthFeedOptions } from './telephony-health-feed.ts';
export { ctiViewer, isVisible, scopeOf, visibleEvents, type CtiViewer } from './cti-visibility.ts';
export {
  dayOf,
  defaultServiceLevel,
  QueueFigures,
  serviceLevelOf,
  startOfDay,
  type DayParts,
  type ServiceLevelSetting,
} from './queue-figures.ts';
