// The API layer's public surface: auth services and the HTTP server.
export * from './auth/index.ts';
export { buildHttpServer, type HttpServerOptions } from './http/http-server.ts';
export type { ApiServices, HttpApp } from './http/http-app.ts';
export type { SystemInfo } from './http/routes/system-routes.ts';
export * from './ivr/index.ts';
export { PromptService, type PromptEntry } from './prompts/prompt-service.ts';
export type { AgentsPort, AgentView } from './http/routes/agent-routes.ts';
export type { CallControlPort } from './http/routes/call-control-routes.ts';
export * from './cti/index.ts';
export * from './webhooks/index.ts';
export * from './config/index.ts';
