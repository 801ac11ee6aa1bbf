// Telephony state over HTTP: who is registered where, and the health the wallboard shows.
import { Type } from 'typebox';
import { HotlineError } from '../../../platform/index.ts';
import { TelephonyHealth } from '../../cti/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { errorResponses } from '../schemas.ts';

const RegistrationSchema = Type.Object({
  extension: Type.String(),
  contact: Type.String(),
  transport: Type.String(),
  source: Type.String({ description: 'address:port the registration came from' }),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  registeredAt: Type.Integer(),
  expiresAt: Type.Integer(),
});

export function registerTelephonyRoutes(
  app: HttpApp,
  { telephony, telephonyHealth }: ApiServices,
): void {
  app.get(
    '/api/v1/registrations',
    {
      config: { access: 'telephony:read' },
      schema: {
        tags: ['telephony'],
        summary: 'Current SIP registrations (location service bindings)',
        querystring: Type.Object(
          { extension: Type.Optional(Type.String({ maxLength: 32 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ registrations: Type.Array(RegistrationSchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      registrations: (telephony?.registrations() ?? [])
        .filter((b) => request.query.extension === undefined || b.aor === request.query.extension)
        .map((b) => ({
          extension: b.aor,
          contact: b.contact,
          transport: b.source.protocol,
          source: b.source.address.includes(':')
            ? `[${b.source.address}]:${b.source.port}`
            : `${b.source.address}:${b.source.port}`,
          userAgent: b.userAgent ?? null,
          registeredAt: b.registeredAt,
          expiresAt: b.expiresAt,
        })),
    }),
  );

  app.get(
    '/api/v1/telephony/health',
    {
      config: { access: 'telephony:read' },
      schema: {
        tags: ['telephony'],
        summary:
          'Telephony health: registered extensions and unregistered agents, trunk status, calls and legs in progress, media worker load (also pushed as telephony.health on the CTI WebSocket)',
        response: { 200: TelephonyHealth, ...errorResponses },
      },
    },
    async () => {
      if (!telephonyHealth)
        throw new HotlineError('unavailable', 'Telephony health is not wired on this node.');
      return telephonyHealth.current();
    },
  );
}
