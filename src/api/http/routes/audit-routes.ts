// Reading the audit log, newest first, with filters and a cursor.
import { Type } from 'typebox';
import { auditRepository } from '../../../store/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { AuditEntrySchema, errorResponses } from '../schemas.ts';

export function registerAuditRoutes(app: HttpApp, { events }: ApiServices): void {
  app.get(
    '/api/v1/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, newest first; pass the last id as `before` for the next page',
        querystring: Type.Object(
          {
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            action: Type.Optional(Type.String({ maxLength: 100 })),
            actorId: Type.Optional(Type.Integer({ minimum: 1 })),
            resource: Type.Optional(Type.String({ maxLength: 100 })),
            resourceId: Type.Optional(Type.String({ maxLength: 100 })),
            from: Type.Optional(Type.Integer({ minimum: 0, description: 'Epoch ms, inclusive.' })),
            to: Type.Optional(Type.Integer({ minimum: 0, description: 'Epoch ms, exclusive.' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ entries: Type.Array(AuditEntrySchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const rows = await auditRepository.list(events.database.db, request.query);
      return {
        entries: rows.map((r) => ({
          id: r.id,
          time: r.time,
          actorKind: r.actor_kind,
          actorId: r.actor_id,
          actorName: r.actor_name,
          action: r.action,
          resource: r.resource,
          resourceId: r.resource_id,
          ip: r.ip,
          details: JSON.parse(r.details) as Record<string, unknown>,
        })),
      };
    },
  );
}
