// Configuration as managed data in the running application: opens the queue, code, agent
// profile, extension and schedule services, saves the starter set the first time (the queues
// and codes that were constants in code, the opening hours that were in the demo flow), and
// connects them to telephony so every change reaches the running ACD.
import {
  AgentProfileService,
  ExtensionService,
  QueueConfigService,
  ReasonCodeService,
  ScheduleService,
  Serial,
  flowsUsingQueue,
  flowsUsingSchedule,
  systemActor,
  type AuditTrail,
  type ConfigServices,
  type FlowService,
  type StarterCode,
  type UserService,
} from '../api/index.ts';
import { DEFAULT_TIME_ZONE, builtInStrategies, demoSchedules } from '../callcenter/index.ts';
import type { Clock } from '../platform/index.ts';
import type { EventStore } from '../store/index.ts';
import { demoDispositionCodes, demoQueueConfigs } from './demo-center.ts';
import type { TelephonyRuntime } from './telephony.ts';
import { agentProfilesLive, extensionsLive } from './agent-config-live.ts';

/** The not-ready reasons a new center starts with (the ACD's former defaults), labelled. */
export const starterNotReadyReasons: StarterCode[] = [
  { code: 'break', labels: { zh: '小休', en: 'Break' } },
  { code: 'lunch', labels: { zh: '午餐', en: 'Lunch' } },
  { code: 'training', labels: { zh: '培训', en: 'Training' } },
  { code: 'meeting', labels: { zh: '会议', en: 'Meeting' } },
  { code: 'coaching', labels: { zh: '辅导', en: 'Coaching' } },
  { code: 'admin', labels: { zh: '事务处理', en: 'Admin work' } },
];

const dispositionLabels: Record<(typeof demoDispositionCodes)[number], StarterCode['labels']> = {
  resolved: { zh: '已解决', en: 'Resolved' },
  'information-given': { zh: '已提供信息', en: 'Information given' },
  'booking-made': { zh: '已预订', en: 'Booking made' },
  'booking-changed': { zh: '已改签', en: 'Booking changed' },
  'refund-requested': { zh: '申请退款', en: 'Refund requested' },
  'complaint-logged': { zh: '已登记投诉', en: 'Complaint logged' },
  'callback-promised': { zh: '承诺回电', en: 'Callback promised' },
  transferred: { zh: '已转接', en: 'Transferred' },
  'wrong-number': { zh: '打错电话', en: 'Wrong number' },
  'no-response': { zh: '无应答', en: 'No response' },
};

/** The disposition codes a new center starts with. */
export const starterDispositionCodes: StarterCode[] = demoDispositionCodes.map((code) => ({
  code,
  labels: dispositionLabels[code],
}));

/**
 * Opens the configuration services and, for each part never configured here, saves the starter
 * set. Done at every start rather than at bootstrap, so a database from before configuration
 * was data gets its queues and codes too; a part once configured (even emptied) is left alone.
 */
export async function openConfiguration(deps: {
  events: EventStore;
  audit: AuditTrail;
  clock: Clock;
  /** The IVR flows, once wired (a queue a published flow names cannot be deleted). */
  flows: () => FlowService | undefined;
  /** Agent profiles belong to users. */
  users: UserService;
  /** The SIP digest realm extension passwords are stored for. */
  realm: string;
  /** The center's time zone, for schedules that name none. Default Asia/Shanghai. */
  timeZone?: string;
}): Promise<ConfigServices> {
  const { events, audit, clock } = deps;
  const queues = new QueueConfigService({
    events,
    audit,
    clock,
    strategies: Object.keys(builtInStrategies),
    flowsUsing: async (queue) => {
      const flows = deps.flows();
      return flows ? flowsUsingQueue(flows)(queue) : [];
    },
  });
  const reasonCodes = new ReasonCodeService({ kind: 'not-ready', events, audit, clock });
  const dispositionCodes = new ReasonCodeService({ kind: 'disposition', events, audit, clock });
  // A profile naming an extension and that extension's deletion must not interleave.
  const agentSerial = new Serial();
  const agentProfiles = new AgentProfileService({
    events,
    audit,
    clock,
    users: deps.users,
    serial: agentSerial,
  });
  const extensions = new ExtensionService({
    events,
    audit,
    clock,
    realm: deps.realm,
    usualFor: (extension) => agentProfiles.agentWithExtension(extension),
    serial: agentSerial,
  });
  const schedules = new ScheduleService({
    events,
    audit,
    clock,
    timeZone: deps.timeZone ?? DEFAULT_TIME_ZONE,
    flowsUsing: async (schedule) => {
      const flows = deps.flows();
      return flows ? flowsUsingSchedule(flows)(schedule) : [];
    },
  });
  await Promise.all([
    schedules.load(),
    queues.load(),
    reasonCodes.load(),
    dispositionCodes.load(),
    agentProfiles.load(),
  ]);
  const actor = systemActor('starter-config');
  await queues.seed(actor, demoQueueConfigs);
  await reasonCodes.seed(actor, starterNotReadyReasons);
  await dispositionCodes.seed(actor, starterDispositionCodes);
  // Before any flow is saved: the demo flow names business-hours.
  await schedules.seed(actor, demoSchedules());
  return { queues, reasonCodes, dispositionCodes, agentProfiles, extensions, schedules };
}

/**
 * From now on, queue, not-ready reason and agent skill changes reach the running ACD, and the
 * extensions list reads registrations.
 */
export function connectConfiguration(config: ConfigServices, telephony: TelephonyRuntime): void {
  config.queues.connect({
    apply: (documents) => telephony.applyQueues(documents),
    waiting: (name) => telephony.waitingIn(name),
  });
  config.reasonCodes.onChange((codes) => telephony.applyNotReadyReasons(codes));
  config.agentProfiles.connect(agentProfilesLive(telephony));
  config.extensions.connect(extensionsLive(telephony));
}
