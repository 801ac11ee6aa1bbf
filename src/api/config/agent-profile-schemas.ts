// Agent profiles as the API shows and takes them (TypeBox: validation, OpenAPI and the web
// client's types): an agent's skills with levels, usual extension, dial-out permission, team,
// auto-answer.
import { Type, type Static } from 'typebox';

/** Agents are users: their id is the username (lower case, as users are stored). */
export const AgentProfileParams = Type.Object(
  {
    agentId: Type.String({
      pattern: '^[a-z0-9][a-z0-9._-]{2,31}$',
      description: "The agent's username, e.g. agent1001",
    }),
  },
  { additionalProperties: false },
);

const Skills = Type.Record(Type.String(), Type.Integer({ minimum: 1, maximum: 5 }), {
  maxProperties: 32,
  description:
    'Skill name → level 1 (basic) to 5 (expert), e.g. {"flights": 5, "lang-en": 3}; queues ask for a skill at a lowest level.',
});

const Extension = Type.String({
  pattern: '^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$',
  description: 'A SIP extension that exists, e.g. 1001',
});

/** Team names go into visibility rules and filters: letters, digits and _ . - only. */
const Team = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$',
  description: "The team the agent works in (a supervisor's team), e.g. flights-a",
});

export const AgentProfileInput = Type.Object(
  {
    skills: Skills,
    extension: Type.Optional(
      Type.Union([Extension, Type.Null()], {
        description: 'The extension the agent usually logs in on; one agent per extension.',
      }),
    ),
    outboundCalls: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'May place outside calls from the desk (click-to-call).',
      }),
    ),
    team: Type.Optional(Type.Union([Team, Type.Null()])),
    autoAnswer: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          "The agent's desk phone answers offered calls by itself (Call-Info answer-after=0, which Yealink, Polycom, Snom and Grandstream phones honour).",
      }),
    ),
  },
  { additionalProperties: false },
);
export type AgentProfileInput = Static<typeof AgentProfileInput>;

export const AgentProfile = Type.Object({
  agentId: Type.String(),
  skills: Type.Record(Type.String(), Type.Integer({ minimum: 1, maximum: 5 })),
  extension: Type.Union([Type.String(), Type.Null()]),
  outboundCalls: Type.Boolean(),
  team: Type.Union([Type.String(), Type.Null()]),
  autoAnswer: Type.Boolean(),
  version: Type.Integer({ description: '1 at creation, +1 on every replace.' }),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  updatedBy: Type.String(),
});
export type AgentProfile = Static<typeof AgentProfile>;

export const SkillsApplied = Type.Union(
  [Type.Literal('now'), Type.Literal('at-login'), Type.Literal('unchanged'), Type.Null()],
  {
    description:
      "What the running ACD did with the skills: 'now' (the agent is logged in and routed by them from this call on), 'at-login' (they take effect at the next login), 'unchanged'; null when telephony is not running.",
  },
);
export type SkillsApplied = Static<typeof SkillsApplied>;
