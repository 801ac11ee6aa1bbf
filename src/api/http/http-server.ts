// Builds the HTTP + WebSocket API: schemas, OpenAPI, auth, errors, metrics
// and every route. It does not listen; the composition root does.
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { Counter, Histogram } from 'prom-client';
import type { Logger } from '../../platform/index.ts';
import { installAccessControl } from './access-control.ts';
import type { ApiServices, HttpApp } from './http-app.ts';
import { installErrorHandling } from './http-errors.ts';
import { installRateLimit, type HttpRateLimitConfig } from './rate-limit.ts';
import { registerAuditRoutes } from './routes/audit-routes.ts';
import { registerCallRoutes } from './routes/call-routes.ts';
import { registerCustomerRoutes } from './routes/customer-routes.ts';
import { registerCallControlRoutes } from './routes/call-control-routes.ts';
import { registerAgentRoutes } from './routes/agent-routes.ts';
import { registerIvrRoutes } from './routes/ivr-routes.ts';
import { registerPromptRoutes } from './routes/prompt-routes.ts';
import { registerAuthRoutes } from './routes/auth-routes.ts';
import { registerEventRoutes } from './routes/event-routes.ts';
import { registerCtiRoutes } from './routes/cti-routes.ts';
import { registerWebhookRoutes } from './routes/webhook-routes.ts';
import { registerConfigRoutes } from './routes/config-routes.ts';
import { registerAgentConfigRoutes } from './routes/agent-config-routes.ts';
import { registerScheduleRoutes } from './routes/schedule-routes.ts';
import { registerSystemRoutes, type SystemInfo } from './routes/system-routes.ts';
import { registerTelephonyRoutes } from './routes/telephony-routes.ts';
import { registerTokenRoutes } from './routes/token-routes.ts';
import { registerTrunkRoutes } from './routes/trunk-routes.ts';
import { registerUserRoutes } from './routes/user-routes.ts';
import { registerWebShell } from './routes/web-shell.ts';
import { ErrorResponse } from './schemas.ts';
import { validatorCompiler } from './validator-compilers.ts';

export interface HttpServerOptions {
  services: ApiServices;
  system: SystemInfo;
  logger: Logger;
  trustProxy: boolean;
  secureCookies: boolean;
  rateLimit: HttpRateLimitConfig;
  /** The built browser app (dist/web); `/` explains how to build it when missing. */
  webRoot?: string;
}

export async function buildHttpServer(options: HttpServerOptions): Promise<HttpApp> {
  const loggerInstance: FastifyBaseLogger = options.logger;
  const app: HttpApp = Fastify({
    loggerInstance,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: options.trustProxy,
    bodyLimit: 1024 * 1024,
    // Streams of live events outlive requests; close them when the server closes.
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler());
  installErrorHandling(app);
  app.addSchema(ErrorResponse);
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Hotline API',
        version: options.system.version,
        description:
          'Contact center API: authenticate with the session cookie from /api/v1/auth/login, or with an API token as a Bearer token.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'hotline_session' },
          token: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token (htk_…) from /api/v1/tokens.',
          },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  // Before access control: a request without credentials is counted before any work for it.
  installRateLimit(app, options.services.clock, options.rateLimit);
  installAccessControl(app, options.services.auth);
  installHttpMetrics(app, options.system);

  registerSystemRoutes(app, options.system);
  await registerWebShell(app, options.webRoot);
  registerAuthRoutes(app, options.services, { secure: options.secureCookies });
  registerUserRoutes(app, options.services);
  registerTokenRoutes(app, options.services);
  registerAuditRoutes(app, options.services);
  registerEventRoutes(app, options.services);
  registerCtiRoutes(app, options.services);
  registerWebhookRoutes(app, options.services);
  registerTelephonyRoutes(app, options.services);
  registerCallRoutes(app, options.services);
  registerCallControlRoutes(app, options.services);
  registerAgentRoutes(app, options.services);
  registerIvrRoutes(app, options.services);
  registerPromptRoutes(app, options.services);
  registerCustomerRoutes(app, options.services);
  registerConfigRoutes(app, options.services);
  registerAgentConfigRoutes(app, options.services);
  registerScheduleRoutes(app, options.services);
  registerTrunkRoutes(app, options.services);
  await app.ready();
  return app;
}

function installHttpMetrics(app: HttpApp, system: SystemInfo): void {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'hotline_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status.',
    labelNames,
    registers: [system.metrics],
  });
  const duration = new Histogram({
    name: 'hotline_http_request_duration_seconds',
    help: 'Time to answer HTTP requests.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [system.metrics],
  });
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      // The route template, never the raw URL, so ids do not explode the label set.
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500)
      request.log.warn({ url: request.url, status: reply.statusCode }, 'answered with an error');
  });
}
