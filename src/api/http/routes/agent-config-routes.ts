// Agents' configuration over HTTP: agent profiles (skills and levels, usual extension, dial-out
// permission, team; a logged-in agent's skills change at once) and the SIP extensions phones
// register on (registered now or not; a password is shown once, never read back).
// Administrators write both; supervisors read profiles.
import { Type } from 'typebox';
import { HotlineError } from '../../../platform/index.ts';
import {
  AgentProfile,
  AgentProfileInput,
  AgentProfileParams,
  ExtensionInput,
  ExtensionParams,
  ExtensionPasswordInput,
  ExtensionView,
  SkillsApplied,
  type ConfigServices,
} from '../../config/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { errorResponses } from '../schemas.ts';

export function registerAgentConfigRoutes(app: HttpApp, services: ApiServices): void {
  const config = (): ConfigServices => {
    if (!services.config)
      throw new HotlineError('unavailable', 'Configuration is not managed on this node.');
    return services.config;
  };
  const tags = ['configuration'];

  app.get(
    '/api/v1/agent-profiles',
    {
      config: { access: 'agent-profiles:read' },
      schema: {
        tags,
        summary: "Every agent's profile: skills and levels, usual extension, dial-out, team",
        response: {
          200: Type.Object({ profiles: Type.Array(AgentProfile) }),
          ...errorResponses,
        },
      },
    },
    async () => ({ profiles: config().agentProfiles.list() }),
  );

  app.get(
    '/api/v1/agent-profiles/:agentId',
    {
      config: { access: 'agent-profiles:read' },
      schema: {
        tags,
        summary: "One agent's profile",
        params: AgentProfileParams,
        response: { 200: AgentProfile, ...errorResponses },
      },
    },
    async (request) => config().agentProfiles.get(request.params.agentId),
  );

  app.put(
    '/api/v1/agent-profiles/:agentId',
    {
      config: { access: 'agent-profiles:write' },
      schema: {
        tags,
        summary: "Create or replace an agent's profile; a logged-in agent's skills change at once",
        description:
          'The agent is a user who may take calls. The next call is routed by the new skills; a call waiting that they now qualify for may be offered at once. 201 when created, 200 when replaced.',
        params: AgentProfileParams,
        body: AgentProfileInput,
        response: {
          200: Type.Object({ profile: AgentProfile, applied: SkillsApplied }),
          201: Type.Object({ profile: AgentProfile, applied: SkillsApplied }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { profile, created, applied } = await config().agentProfiles.put(
        request.actor,
        request.params.agentId,
        request.body,
      );
      return reply.status(created ? 201 : 200).send({ profile, applied });
    },
  );

  app.delete(
    '/api/v1/agent-profiles/:agentId',
    {
      config: { access: 'agent-profiles:write' },
      schema: {
        tags,
        summary: "Delete an agent's profile: no skills (at once when logged in), no dial-out",
        params: AgentProfileParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await config().agentProfiles.remove(request.actor, request.params.agentId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/extensions',
    {
      config: { access: 'extensions:read' },
      schema: {
        tags,
        summary: 'Every SIP extension, whether a phone is registered on it now, and whose it is',
        response: {
          200: Type.Object({ extensions: Type.Array(ExtensionView) }),
          ...errorResponses,
        },
      },
    },
    async () => ({ extensions: await config().extensions.list() }),
  );

  app.get(
    '/api/v1/extensions/:extension',
    {
      config: { access: 'extensions:read' },
      schema: {
        tags,
        summary: 'One SIP extension',
        params: ExtensionParams,
        response: { 200: ExtensionView, ...errorResponses },
      },
    },
    async (request) => config().extensions.get(request.params.extension),
  );

  app.put(
    '/api/v1/extensions/:extension',
    {
      config: { access: 'extensions:write' },
      schema: {
        tags,
        summary: 'Create or rename a SIP extension (201 with a generated password, shown once)',
        description:
          'Creating without a password generates one and returns it once as generatedPassword; only its digests are stored. On an existing extension, a password given replaces the current one.',
        params: ExtensionParams,
        body: ExtensionInput,
        response: {
          200: Type.Object({ extension: ExtensionView }),
          201: Type.Object({
            extension: ExtensionView,
            generatedPassword: Type.Optional(Type.String()),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { created, ...result } = await config().extensions.put(
        request.actor,
        request.params.extension,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(result);
    },
  );

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

  app.delete(
    '/api/v1/extensions/:extension',
    {
      config: { access: 'extensions:write' },
      schema: {
        tags,
        summary:
          'Delete an extension no agent profile names and no agent is logged in on (else 409); its phones are let go',
        params: ExtensionParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await config().extensions.remove(request.actor, request.params.extension);
      return reply.status(204).send(null);
    },
  );
}
