// The demo center created on first start (and by `hotline seed-demo`): a
// supervisor, a QA reviewer and ten agents whose usernames match the demo
// extensions 1001–1010. Passwords are generated and shown once.
import {
  generatePassword,
  systemActor,
  type AgentProfileService,
  type FlowService,
  type StarterAgentProfile,
  type UserService,
} from '../api/index.ts';
import { demoHotlineFlow } from '../callcenter/index.ts';
import { sipExtensionRepository } from '../store/index.ts';
import { setExtensionPassword, type ExtensionCredentialDeps } from './extension-credentials.ts';
import type { Role } from '../store/index.ts';

export interface Credential {
  username: string;
  role: Role;
  displayName: string;
  password: string;
}

const agentNames = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周婷', '吴强'];

export const demoUsers: { username: string; role: Role; displayName: string }[] = [
  { username: 'supervisor', role: 'supervisor', displayName: '值班主管 Duty Supervisor' },
  { username: 'qa01', role: 'qa', displayName: '质检员 Quality Reviewer' },
  ...agentNames.map((name, i) => ({
    username: `agent${1001 + i}`,
    role: 'agent' as const,
    displayName: `${name} (${1001 + i})`,
  })),
];

/** Creates the demo users that do not exist yet; returns the ones created with their passwords. */
export async function seedDemoCenter(users: UserService): Promise<Credential[]> {
  const actor = systemActor('seed-demo');
  const created: Credential[] = [];
  for (const demo of demoUsers) {
    if (await users.findByUsername(demo.username)) continue;
    const password = generatePassword();
    await users.create(actor, { ...demo, password });
    created.push({ ...demo, password });
  }
  return created;
}

export interface SipCredential {
  extension: string;
  displayName: string;
  password: string;
}

/** The demo extensions 1001–1010 (one per demo agent) that do not exist yet, with their SIP passwords. */
export async function seedDemoExtensions(deps: ExtensionCredentialDeps): Promise<SipCredential[]> {
  const actor = systemActor('seed-demo');
  const created: SipCredential[] = [];
  for (let i = 0; i < agentNames.length; i++) {
    const extension = String(1001 + i);
    if (await sipExtensionRepository.byExtension(deps.events.database.db, extension)) continue;
    const displayName = `${agentNames[i]} (${extension})`;
    const password = await setExtensionPassword(deps, actor, { extension, displayName });
    created.push({ extension, displayName, password });
  }
  return created;
}

/** The demo hotline number (ARCHITECTURE.md) and the flow that answers it. */
export const DEMO_HOTLINE_NUMBER = '4008001000';
export const DEMO_FLOW = 'demo-hotline';

/** Saves and publishes the demo IVR flow and routes the hotline number to it, unless already there. */
export async function seedDemoFlow(flows: FlowService): Promise<boolean> {
  if ((await flows.list()).some((f) => f.name === DEMO_FLOW)) return false;
  const actor = systemActor('seed-demo');
  await flows.save(actor, {
    name: DEMO_FLOW,
    document: demoHotlineFlow(),
    description:
      '畅游票务热线 Travel hotline: language, flights (status by speech), hotels, travel, complaints, callback',
    comment: 'demo center',
    publish: true,
  });
  await flows.mapNumber(actor, DEMO_HOTLINE_NUMBER, DEMO_FLOW, 'Demo hotline');
  await flows.save(actor, {
    name: DEMO_VOICEMAIL_FLOW,
    document: demoVoicemailFlow,
    description: 'Voicemail for callers leaving a full queue or a long wait',
    comment: 'demo center',
    publish: true,
  });
  return true;
}

/**
 * The demo center's queues (service level 80 % in 20 s; complaints 80 % in 30 s): the starter
 * set saved into queue_configs on first start (configuration.ts); the API manages them after.
 */
export const demoQueueConfigs = [
  { name: 'flights', skills: [{ skill: 'flights' }], wrapUpSeconds: 15 },
  { name: 'hotels', skills: [{ skill: 'hotels' }], wrapUpSeconds: 15 },
  { name: 'travel', skills: [{ skill: 'travel' }], wrapUpSeconds: 15 },
  {
    name: 'complaints',
    skills: [{ skill: 'complaints', minLevel: 2 }],
    serviceLevel: { percent: 80, seconds: 30 },
    wrapUpSeconds: 60,
  },
  { name: 'general', wrapUpSeconds: 15 },
].map((q) => ({
  serviceLevel: { percent: 80, seconds: 20 },
  ringTimeoutSeconds: 20,
  strategy: 'best-match',
  announcements: { atJoin: true, everySeconds: 45 },
  overflow: { kind: 'voicemail' as const },
  maxWaitSeconds: 600,
  ...q,
}));

/**
 * Skills (level 1–5) of the demo agents, by username: every agent speaks Chinese, some English.
 * Saved as their agent profiles on first start (demoAgentProfiles); the API manages them after.
 */
export const demoAgentSkills: Record<string, Record<string, number>> = {
  agent1001: { flights: 5, hotels: 3, 'lang-zh': 5, 'lang-en': 4 },
  agent1002: { flights: 4, travel: 3, 'lang-zh': 5, 'lang-en': 2 },
  agent1003: { flights: 3, hotels: 4, 'lang-zh': 5 },
  agent1004: { hotels: 5, travel: 4, 'lang-zh': 5, 'lang-en': 3 },
  agent1005: { travel: 5, flights: 2, 'lang-zh': 5 },
  agent1006: { complaints: 5, flights: 3, 'lang-zh': 5, 'lang-en': 3 },
  agent1007: { complaints: 4, hotels: 3, 'lang-zh': 5 },
  agent1008: { flights: 4, hotels: 4, travel: 4, 'lang-zh': 4, 'lang-en': 5 },
  agent1009: { complaints: 3, travel: 3, 'lang-zh': 5, 'lang-en': 2 },
  agent1010: { flights: 3, hotels: 3, travel: 3, complaints: 2, 'lang-zh': 5, 'lang-en': 3 },
};

/** The demo agents' profiles: their skills, and the extension matching their username. */
export const demoAgentProfiles: StarterAgentProfile[] = Object.entries(demoAgentSkills).map(
  ([agentId, skills]) => ({ agentId, skills, extension: agentId.replace(/^agent/, '') }),
);

/**
 * Saves the demo agents' profiles unless agent profiles were ever configured here (at first
 * start, at every start of a demo center from before profiles were data, and by `seed-demo`);
 * the API manages them after. Returns how many were saved.
 */
export function seedDemoAgentProfiles(profiles: AgentProfileService): Promise<number> {
  return profiles.seed(systemActor('seed-demo'), demoAgentProfiles);
}

/** How an agent closes a call at wrap-up: the starter disposition codes (configuration.ts). */
export const demoDispositionCodes = [
  'resolved',
  'information-given',
  'booking-made',
  'booking-changed',
  'refund-requested',
  'complaint-logged',
  'callback-promised',
  'transferred',
  'wrong-number',
  'no-response',
] as const;

/** The flow a queued call leaving for voicemail runs (the demo queues' overflow). */
export const DEMO_VOICEMAIL_FLOW = 'voicemail';

/** A voicemail flow: the message prompt, the recording (# or hang-up ends it), thanks. */
export const demoVoicemailFlow = {
  schemaVersion: 1,
  name: DEMO_VOICEMAIL_FLOW,
  description: 'Queues send callers here when they are full or the wait is too long.',
  start: 'message',
  nodes: {
    message: {
      type: 'voicemail',
      prompt: [{ prompt: 'leave-message' }],
      maxDurationMs: 120000,
      finishKey: '#',
      savedPrompt: [{ prompt: 'message-saved' }],
      task: { queue: 'general', subject: 'Voicemail from a queue' },
    },
  },
};
