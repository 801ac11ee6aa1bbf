// Health for orchestrators, Prometheus metrics, the OpenAPI document and system facts.
import { Type } from 'typebox';
import type { Registry } from 'prom-client';
import type { HttpApp } from '../http-app.ts';
import { errorResponses } from '../schemas.ts';

export interface SystemInfo {
  version: string;
  engine: 'sqlite' | 'postgres';
  startedAt: number;
  /** Effective configuration with secrets hidden. */
  config: () => Record<string, unknown>;
  ready: () => Promise<{ ready: boolean; checks: Record<string, boolean> }>;
  metrics: Registry;
}

export function registerSystemRoutes(app: HttpApp, info: SystemInfo): void {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process answers',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Readiness: the database answers and the service is not shutting down',
        response: {
          200: Type.Object({
            status: Type.String(),
            checks: Type.Record(Type.String(), Type.Boolean()),
          }),
          503: Type.Object({
            status: Type.String(),
            checks: Type.Record(Type.String(), Type.Boolean()),
          }),
        },
      },
    },
    async (_request, reply) => {
      const { ready, checks } = await info.ready();
      return reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'not-ready', checks });
    },
  );

  app.get(
    '/metrics',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) =>
      reply.type(info.metrics.contentType).send(await info.metrics.metrics()),
  );

  app.get(
    '/api/v1/openapi.json',
    { config: { access: 'public' }, schema: { hide: true } },
    async () => app.swagger(),
  );

  app.get(
    '/api/v1/system',
    {
      config: { access: 'system:read-config' },
      schema: {
        tags: ['system'],
        summary: 'Version, engine, uptime and effective configuration (secrets hidden)',
        response: {
          200: Type.Object({
            version: Type.String(),
            engine: Type.String(),
            startedAt: Type.Integer(),
            config: Type.Record(Type.String(), Type.Unknown()),
          }),
          ...errorResponses,
        },
      },
    },
    async () => ({
      version: info.version,
      engine: info.engine,
      startedAt: info.startedAt,
      config: info.config(),
    }),
  );
}
