// Agents' configuration as administrators manage it: each agent's skills and levels, usual
// extension, permission to place outside calls, team, and auto-answer. Validated, stored with a
// version, every change an event and an audit entry, and a logged-in agent's skills changed in
// the running ACD at once (in the transaction of the change, so a refused change is not saved).
import { HotlineError, type Clock } from '../../platform/index.ts';
import { sipExtensionRepository, type EventStore, type Executor } from '../../store/index.ts';
import { isAllowed, type Actor, type AuditTrail, type UserService } from '../auth/index.ts';
import { agentProfileRepository, type AgentProfileRow } from './agent-profile-repository.ts';
import type { AgentProfile, AgentProfileInput, SkillsApplied } from './agent-profile-schemas.ts';
import { configRepository } from './config-repository.ts';
import { Serial } from './serial.ts';

/** What a profile holds, as events record it. */
export interface AgentProfileDocument {
  skills: Record<string, number>;
  extension: string | null;
  outboundCalls: boolean;
  team: string | null;
  /** Offers ring the agent's phone with auto-answer headers. */
  autoAnswer: boolean;
}

declare module '../../store/event-catalogue.ts' {
  interface EventCatalogue {
    'config.agent-profile-saved': {
      agentId: string;
      version: number;
      created: boolean;
      profile: AgentProfileDocument;
      by: string;
    };
    'config.agent-profile-deleted': { agentId: string; version: number; by: string };
  }
}

/** One stream for every profile: "were profiles ever configured here?" is one read. */
export const AGENT_PROFILES_STREAM = 'config:agent-profiles';

/** The ACD's rule for skill names (agent-registry.ts), checked here to name the field at fault. */
const SKILL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:@+-]{0,63}$/;

/** The running ACD, as the service reaches it (absent until telephony is wired). */
export interface AgentProfileLive {
  /** Gives a logged-in agent these skills now; throws, changing nothing, when the ACD refuses. */
  applySkills(agentId: string, skills: Record<string, number>, by: string): SkillsApplied;
}

/** Whether an agent may place outside calls (the dial-out feature asks before it dials). */
export interface DialOutPermission {
  mayDialOut(agentId: string): boolean;
}

/** A profile as the demo center (or another starter set) gives it. */
export interface StarterAgentProfile extends AgentProfileInput {
  agentId: string;
}

export class AgentProfileService implements DialOutPermission {
  readonly #events: EventStore;
  readonly #audit: AuditTrail;
  readonly #clock: Clock;
  readonly #users: Pick<UserService, 'findByUsername'>;
  readonly #serial: Serial;
  readonly #entries = new Map<string, { row: AgentProfileRow; profile: AgentProfileDocument }>();
  /** Team → its agents, made on first use after a change (the CTI asks once per event). */
  #teams: Map<string, ReadonlySet<string>> | undefined;
  #live: AgentProfileLive | undefined;

  constructor(deps: {
    events: EventStore;
    audit: AuditTrail;
    clock: Clock;
    /** Profiles belong to users who may take calls. */
    users: Pick<UserService, 'findByUsername'>;
    /** Shared with the extensions, so a profile never names an extension being deleted. */
    serial?: Serial;
  }) {
    this.#events = deps.events;
    this.#audit = deps.audit;
    this.#clock = deps.clock;
    this.#users = deps.users;
    this.#serial = deps.serial ?? new Serial();
  }

  /** Reads the stored profiles (at start). */
  async load(): Promise<void> {
    this.#entries.clear();
    this.#teams = undefined;
    for (const row of await agentProfileRepository.all(this.#events.database.db))
      this.#entries.set(row.agent_id, { row, profile: document(row) });
  }

  /** Hands skill changes to the running ACD from now on. */
  connect(live: AgentProfileLive): void {
    this.#live = live;
  }

  /** The skills an agent logs in with: their profile's, none without one. */
  skillsOf(agentId: string): Record<string, number> {
    return { ...this.#entries.get(agentId)?.profile.skills };
  }

  mayDialOut(agentId: string): boolean {
    return this.#entries.get(agentId)?.profile.outboundCalls ?? false;
  }

  /** Whether the agent's phone answers offered calls by itself (default: no). */
  autoAnswer(agentId: string): boolean {
    return this.#entries.get(agentId)?.profile.autoAnswer ?? false;
  }

  /** The agent's (or supervisor's) team, if their profile names one. */
  teamOf(agentId: string): string | null {
    return this.#entries.get(agentId)?.profile.team ?? null;
  }

  /** Everyone whose profile names the team. */
  teamMembers(team: string): ReadonlySet<string> {
    if (!this.#teams) {
      const teams = new Map<string, Set<string>>();
      for (const [agentId, e] of this.#entries) {
        const name = e.profile.team;
        if (name === null) continue;
        let members = teams.get(name);
        if (!members) teams.set(name, (members = new Set()));
        members.add(agentId);
      }
      this.#teams = teams;
    }
    return this.#teams.get(team) ?? new Set();
  }

  /** The agent whose usual extension this is, if any. */
  agentWithExtension(extension: string): string | undefined {
    for (const [agentId, e] of this.#entries) if (e.profile.extension === extension) return agentId;
    return undefined;
  }

  list(): AgentProfile[] {
    return [...this.#entries.values()]
      .sort((a, b) => a.row.agent_id.localeCompare(b.row.agent_id))
      .map((e) => view(e.row, e.profile));
  }

  get(agentId: string): AgentProfile {
    const entry = this.#entries.get(agentId);
    if (!entry)
      throw new HotlineError('not-found', `"${agentId}" has no agent profile.`, {
        field: 'params.agentId',
      });
    return view(entry.row, entry.profile);
  }

  /** Creates or replaces a profile; a logged-in agent's skills change at once. */
  put(
    actor: Actor,
    agentId: string,
    input: AgentProfileInput,
  ): Promise<{ profile: AgentProfile; created: boolean; applied: SkillsApplied }> {
    return this.#serial.run(async () => {
      await this.#checkAgent(agentId);
      const profile = this.#check(agentId, input);
      const previous = this.#entries.get(agentId);
      const now = this.#clock.now();
      const row: AgentProfileRow = {
        agent_id: agentId,
        skills: JSON.stringify(profile.skills),
        extension: profile.extension,
        outbound_calls: profile.outboundCalls ? 1 : 0,
        team: profile.team,
        auto_answer: profile.autoAnswer ? 1 : 0,
        version: (previous?.row.version ?? 0) + 1,
        created_at: previous?.row.created_at ?? now,
        updated_at: now,
        updated_by: actor.name,
      };
      const applied = await this.#events.write(async (w) => {
        if (profile.extension !== null) await requireExtension(w.trx, profile.extension);
        await agentProfileRepository.upsert(w.trx, row);
        await w.append('config.agent-profile-saved', AGENT_PROFILES_STREAM, {
          agentId,
          version: row.version,
          created: !previous,
          profile,
          by: actor.name,
        });
        await this.#audit.record(w.trx, actor, {
          action: previous ? 'agent-profile.replace' : 'agent-profile.create',
          resource: 'agent-profiles',
          resourceId: agentId,
          details: { version: row.version, ...profile },
        });
        // Last, so skills the ACD refuses roll the change back.
        return this.#live?.applySkills(agentId, profile.skills, actor.name) ?? null;
      });
      this.#entries.set(agentId, { row, profile });
      this.#teams = undefined;
      return { profile: view(row, profile), created: !previous, applied };
    });
  }

  /** Removes a profile: the agent keeps working with no skills and may not dial out. */
  remove(actor: Actor, agentId: string): Promise<{ applied: SkillsApplied }> {
    return this.#serial.run(async () => {
      const entry = this.#entries.get(agentId);
      if (!entry)
        throw new HotlineError('not-found', `"${agentId}" has no agent profile.`, {
          field: 'params.agentId',
        });
      const applied = await this.#events.write(async (w) => {
        await agentProfileRepository.delete(w.trx, agentId);
        await w.append('config.agent-profile-deleted', AGENT_PROFILES_STREAM, {
          agentId,
          version: entry.row.version,
          by: actor.name,
        });
        await this.#audit.record(w.trx, actor, {
          action: 'agent-profile.delete',
          resource: 'agent-profiles',
          resourceId: agentId,
          details: { version: entry.row.version },
        });
        return this.#live?.applySkills(agentId, {}, actor.name) ?? null;
      });
      this.#entries.delete(agentId);
      this.#teams = undefined;
      return { applied };
    });
  }

  /**
   * Saves the starter profiles unless profiles were ever configured here. Agents who are not
   * users yet are left out (a later start saves them, as long as nothing else was saved), and
   * so is an extension that does not exist. Returns how many were saved.
   */
  async seed(actor: Actor, profiles: readonly StarterAgentProfile[]): Promise<number> {
    const db = this.#events.database.db;
    if (await configRepository.streamStarted(db, AGENT_PROFILES_STREAM)) return 0;
    let saved = 0;
    for (const { agentId, extension, ...rest } of profiles) {
      if (!(await this.#users.findByUsername(agentId))) continue;
      const known =
        typeof extension === 'string' &&
        (await sipExtensionRepository.byExtension(db, extension)) !== undefined;
      await this.put(actor, agentId, { ...rest, ...(known ? { extension } : {}) });
      saved++;
    }
    return saved;
  }

  /** Profiles are for users who may log in as agents (the policy's agents:self). */
  async #checkAgent(agentId: string): Promise<void> {
    const user = await this.#users.findByUsername(agentId);
    if (!user)
      throw new HotlineError(
        'not-found',
        `params.agentId: there is no user "${agentId}"; create the user first.`,
        { field: 'params.agentId' },
      );
    if (!isAllowed(user.role, 'agents:self'))
      throw new HotlineError(
        'invalid-input',
        `params.agentId: "${agentId}" is a ${user.role} user, who cannot take calls; only agents, supervisors and administrators have agent profiles.`,
        { field: 'params.agentId' },
      );
  }

  /** Validates what the schema cannot: skill names and an extension held by another agent. */
  #check(agentId: string, input: AgentProfileInput): AgentProfileDocument {
    for (const skill of Object.keys(input.skills))
      if (!SKILL_NAME.test(skill))
        throw new HotlineError(
          'invalid-input',
          `body.skills.${skill}: a skill name is 1–64 letters, digits or _ . : @ + - starting with a letter or digit.`,
          { field: `body.skills.${skill}` },
        );
    const extension = input.extension ?? null;
    if (extension !== null) {
      const holder = this.agentWithExtension(extension);
      if (holder !== undefined && holder !== agentId)
        throw new HotlineError(
          'conflict',
          `body.extension: ${extension} is already the usual extension of "${holder}"; choose another or change theirs first.`,
          { field: 'body.extension' },
        );
    }
    return {
      skills: Object.fromEntries(
        Object.entries(input.skills).sort(([a], [b]) => a.localeCompare(b)),
      ),
      extension,
      outboundCalls: input.outboundCalls ?? false,
      team: input.team ?? null,
      autoAnswer: input.autoAnswer ?? false,
    };
  }
}

async function requireExtension(db: Executor, extension: string): Promise<void> {
  if (!(await sipExtensionRepository.byExtension(db, extension)))
    throw new HotlineError(
      'invalid-input',
      `body.extension: there is no extension ${extension}; create it under Extensions first.`,
      { field: 'body.extension' },
    );
}

function document(row: AgentProfileRow): AgentProfileDocument {
  return {
    skills: JSON.parse(row.skills) as Record<string, number>,
    extension: row.extension,
    outboundCalls: row.outbound_calls === 1,
    team: row.team,
    autoAnswer: row.auto_answer === 1,
  };
}

function view(row: AgentProfileRow, profile: AgentProfileDocument): AgentProfile {
  return {
    agentId: row.agent_id,
    ...profile,
    skills: { ...profile.skills },
    version: row.version,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    updatedBy: row.updated_by,
  };
}
