// Agents: their live state, their profiles (skills, extension, team) and the codes they pick
// (not-ready reasons, dispositions).
/** GET /api/v1/agents, /api/v1/agents/me (schema `Agent`). */
export interface AgentView {
  agentId: string;
  extension: string;
  state: string;
  reason: string | null;
  since: number;
  wrapUpEndsAt: number | null;
  registered: boolean;
  skills: Record<string, number>;
  callsAnswered: number;
  /** The call ringing on the agent's phone that the desk can answer (remote answer), or null. */
  remoteAnswerCallId: string | null;
}

/** GET /api/v1/agent-profiles, /api/v1/agent-profiles/:agentId (schema `AgentProfile`). */
export interface AgentProfile {
  agentId: string;
  /** Skill name → level 1 (basic) to 5 (expert). */
  skills: Record<string, number>;
  extension: string | null;
  outboundCalls: boolean;
  team: string | null;
  /** The agent's desk phone answers offered calls by itself. */
  autoAnswer: boolean;
  version: number;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

/** PUT /api/v1/agent-profiles/:agentId (schema `AgentProfileInput`). */
export interface AgentProfileInput {
  skills: Record<string, number>;
  extension?: string | null;
  outboundCalls?: boolean;
  team?: string | null;
  autoAnswer?: boolean;
}

/** What the running ACD did with saved skills (null: telephony is not running). */
export type SkillsApplied = 'now' | 'at-login' | 'unchanged' | null;

/** GET /api/v1/reason-codes and /api/v1/disposition-codes (schema `ReasonCode`). */
export interface ReasonCode {
  code: string;
  labels: { zh: string; en: string };
  active: boolean;
  position: number;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}
