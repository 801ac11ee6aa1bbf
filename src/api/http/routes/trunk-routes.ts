// SIP trunks over HTTP: the list with live status (registration, keep-alive, calls) for
// administrators and supervisors; one trunk's settings, creating, changing and deleting one for
// administrators. Changes apply at once (only that trunk re-registers); passwords are write-only;
// the config file's trunks are shown read-only.
import { Type } from 'typebox';
import { HotlineError } from '../../../platform/index.ts';
import {
  TrunkInput,
  TrunkParams,
  TrunkView,
  type ConfigServices,
  type TrunkService,
} from '../../config/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { errorResponses } from '../schemas.ts';

export function registerTrunkRoutes(app: HttpApp, services: ApiServices): void {
  const trunks = (): TrunkService => {
    const config: ConfigServices | undefined = services.config;
    if (!config?.trunks)
      throw new HotlineError('unavailable', 'Trunks are not managed on this node.');
    return config.trunks;
  };
  const tags = ['configuration'];

  app.get(
    '/api/v1/trunks',
    {
      config: { access: 'trunks:list' },
      schema: {
        tags,
        summary:
          'Every trunk (config file and API) with its registration, keep-alive and calls now',
        description: 'Passwords are never returned; passwordSet says whether one is stored.',
        response: { 200: Type.Object({ trunks: Type.Array(TrunkView) }), ...errorResponses },
      },
    },
    async () => ({ trunks: trunks().list() }),
  );

  app.get(
    '/api/v1/trunks/:name',
    {
      config: { access: 'trunks:read' },
      schema: {
        tags,
        summary: 'One trunk, with its status now',
        params: TrunkParams,
        response: { 200: TrunkView, ...errorResponses },
      },
    },
    async (request) => trunks().get(request.params.name),
  );

  app.put(
    '/api/v1/trunks/:name',
    {
      config: { access: 'trunks:write' },
      schema: {
        tags,
        summary: 'Create or replace a trunk; it (re)starts at once, alone (201 when created)',
        description:
          'The fields of sip.trunks in the config file, validated by the same rules (400 naming the field). A changed trunk unregisters (Expires: 0) and registers again with the new settings; the other trunks are not touched. A password left out keeps the stored one (give the username). A trunk of the config file cannot be changed here (409).',
        params: TrunkParams,
        body: TrunkInput,
        response: {
          200: Type.Object({ trunk: TrunkView }),
          201: Type.Object({ trunk: TrunkView }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { trunk, created } = await trunks().put(
        request.actor,
        request.params.name,
        request.body,
      );
      return reply.status(created ? 201 : 200).send({ trunk });
    },
  );

  app.delete(
    '/api/v1/trunks/:name',
    {
      config: { access: 'trunks:write' },
      schema: {
        tags,
        summary: 'Delete a trunk: it unregisters (Expires: 0) and takes no more calls',
        description:
          'Refused (409) while calls go out through it, while a published IVR flow transfers through it, and for a trunk of the config file. Calls that came in through it go on to their end.',
        params: TrunkParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await trunks().remove(request.actor, request.params.name);
      return reply.status(204).send(null);
    },
  );
}
