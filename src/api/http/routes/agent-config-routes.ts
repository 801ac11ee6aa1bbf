// Agents' configuration over HTTP: agent profiles (skills and levels, usual extension, dial-out
// permission, team; a logged-in agent's skills change at once) and the SIP extensions phones
// register on (registered now or not; a password is shown once, never read back).
// Administrators write both; supervisors read profiles.
import { Type } from 'typebox';
import {
  AgentProfile,
  AgentProfileInput,
  AgentProfileParams,
  ExtensionInput,
  ExtensionParams,
  ExtensionPasswordInput,
  ExtensionView,
  SkillsApplied,
} from '../../config/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { errorResponses } from '../schemas.ts';
import { configServices, registerConfigResourceRoutes } from './config-resource-routes.ts';

export function registerAgentConfigRoutes(app: HttpApp, services: ApiServices): void {
  const config = configServices(services);
  const tags = ['configuration'];

  registerConfigResourceRoutes(app, {
    path: '/api/v1/agent-profiles',
    param: 'agentId',
    params: AgentProfileParams,
    access: { read: 'agent-profiles:read', write: 'agent-profiles:write' },
    listKey: 'profiles',
    view: AgentProfile,
    input: AgentProfileInput,
    putReply: { replaced: Type.Object({ profile: AgentProfile, applied: SkillsApplied }) },
    text: {
      list: {
        summary: "Every agent's profile: skills and levels, usual extension, dial-out, team",
      },
      get: { summary: "One agent's profile" },
      put: {
        summary: "Create or replace an agent's profile; a logged-in agent's skills change at once",
        description:
          'The agent is a user who may take calls. The next call is routed by the new skills; a call waiting that they now qualify for may be offered at once. 201 when created, 200 when replaced.',
      },
      delete: {
        summary: "Delete an agent's profile: no skills (at once when logged in), no dial-out",
      },
    },
    tags,
    service: () => config().agentProfiles,
  });

  registerConfigResourceRoutes(app, {
    path: '/api/v1/extensions',
    param: 'extension',
    params: ExtensionParams,
    access: { read: 'extensions:read', write: 'extensions:write' },
    listKey: 'extensions',
    view: ExtensionView,
    input: ExtensionInput,
    putReply: {
      replaced: Type.Object({ extension: ExtensionView }),
      created: Type.Object({
        extension: ExtensionView,
        generatedPassword: Type.Optional(Type.String()),
      }),
    },
    text: {
      list: {
        summary: 'Every SIP extension, whether a phone is registered on it now, and whose it is',
      },
      get: { summary: 'One SIP extension' },
      put: {
        summary: 'Create or rename a SIP extension (201 with a generated password, shown once)',
        description:
          'Creating without a password generates one and returns it once as generatedPassword; only its digests are stored. On an existing extension, a password given replaces the current one.',
      },
      delete: {
        summary:
          'Delete an extension no agent profile names and no agent is logged in on (else 409); its phones are let go',
      },
    },
    tags,
    service: () => config().extensions,
  });

  app.post(
    '/api/v1/extensions/:extension/password',
    {
      config: { access: 'extensions:write' },
      schema: {
        tags,
        summary:
          "Reset an extension's SIP password; send {} to have one generated and returned once",
        description:
          'Phones registered with the old password keep their registration until it expires.',
        params: ExtensionParams,
        body: Type.Optional(ExtensionPasswordInput),
        response: {
          200: Type.Object({ generatedPassword: Type.Optional(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      config().extensions.setPassword(
        request.actor,
        request.params.extension,
        request.body?.password,
      ),
  );
}
