// Role-based authorization as data: for each resource, the actions and the
// roles allowed to perform them. Routes name a permission; nothing else
// decides who may do what.
import type { Role } from '../../store/index.ts';

const everyone = ['admin', 'supervisor', 'agent', 'qa'] as const satisfies readonly Role[];

export const policies = {
  users: {
    list: ['admin', 'supervisor'],
    read: ['admin', 'supervisor'],
    create: ['admin'],
    update: ['admin'],
    'reset-password': ['admin'],
  },
  'api-tokens': {
    'manage-own': everyone,
    'manage-any': ['admin'],
  },
  audit: {
    read: ['admin'],
  },
  events: {
    read: ['admin', 'supervisor'],
  },
  telephony: {
    read: ['admin', 'supervisor'],
  },
  ivr: {
    read: ['admin', 'supervisor'],
    write: ['admin'],
    // Publishing changes what every caller hears: an administrator's decision.
    publish: ['admin'],
  },
  prompts: {
    read: ['admin', 'supervisor'],
    write: ['admin'],
  },
  agents: {
    // Agents act on themselves; supervisors and admins may take calls too.
    self: ['agent', 'supervisor', 'admin'],
    read: ['admin', 'supervisor'],
    force: ['admin', 'supervisor'],
  },
  recordings: {
    // Listening to customers is for those who supervise or review quality.
    play: ['admin', 'supervisor', 'qa'],
  },
  calls: {
    // Agents will see their own calls through the CTI API; CDRs of everyone are for these roles.
    read: ['admin', 'supervisor', 'qa'],
    // Agents on their own calls; supervisors and admins on any (audited).
    control: ['agent', 'supervisor', 'admin'],
    // Listening in on a conversation is supervision, not agent work.
    monitor: ['supervisor', 'admin'],
  },
  customers: {
    // Agents see and edit the customer on their call (screen pop, "create from this call");
    // QA reviews calls, not the directory, so it has no access.
    read: ['admin', 'supervisor', 'agent'],
    write: ['admin', 'supervisor', 'agent'],
    merge: ['admin', 'supervisor'],
    // The full ID document: agents check the masked last four digits with the caller.
    'reveal-document': ['admin', 'supervisor'],
    // Bulk personal data leaves or enters, or a person is erased: administrators only.
    import: ['admin'],
    export: ['admin'],
    erase: ['admin'],
  },
  system: {
    'read-config': ['admin'],
  },
  cti: {
    // Everyone gets the live feed; what it carries is filtered per role (api/cti/cti-visibility.ts).
    subscribe: everyone,
    // Supervisors without a team see the whole center; one whose agent profile names a team
    // sees that team's agents and calls (api/cti/cti-visibility.ts).
    'see-all': ['admin', 'supervisor'],
  },
  webhooks: {
    // Subscriptions send call data to other systems: an administrator's decision.
    read: ['admin'],
    write: ['admin'],
  },
  // Configuration changes what every caller and agent meets: administrators write it.
  queues: {
    read: ['admin', 'supervisor'],
    write: ['admin'],
  },
  // Agents choose from the code lists on the desk; QA reads them beside calls.
  'reason-codes': {
    read: everyone,
    write: ['admin'],
  },
  'disposition-codes': {
    read: everyone,
    write: ['admin'],
  },
  // Supervisors see who has which skills (they staff the queues); administrators change them.
  'agent-profiles': {
    read: ['admin', 'supervisor'],
    write: ['admin'],
  },
  // Phones and their SIP credentials: an administrator's job (registrations are telephony:read).
  extensions: {
    read: ['admin'],
    write: ['admin'],
  },
  // Opening hours decide what every caller meets: supervisors check them, administrators change them.
  schedules: {
    read: ['admin', 'supervisor'],
    write: ['admin'],
  },
  // Carriers: supervisors watch the list and its live status (the wallboard's trunks);
  // the settings, credentials included, are an administrator's.
  trunks: {
    list: ['admin', 'supervisor'],
    read: ['admin'],
    write: ['admin'],
  },
} as const satisfies Record<string, Record<string, readonly Role[]>>;

type Policies = typeof policies;
export type Permission = {
  [R in keyof Policies]: `${R & string}:${keyof Policies[R] & string}`;
}[keyof Policies];

export function isAllowed(role: Role, permission: Permission): boolean {
  const [resource, action] = permission.split(':') as [keyof Policies, string];
  const allowed = (policies[resource] as Record<string, readonly Role[]> | undefined)?.[action];
  return allowed?.includes(role) ?? false;
}

/** Every permission, for documentation and tests. */
export function allPermissions(): Permission[] {
  return Object.entries(policies).flatMap(([resource, actions]) =>
    Object.keys(actions).map((action) => `${resource}:${action}` as Permission),
  );
}
