// Configuration resources over HTTP: queues (the ACD's documents, applied live), not-ready reason
// codes and disposition codes. Administrators write; supervisors read queues; everyone reads
// the code lists (agents choose from them on the desk).
import { Type } from 'typebox';
import {
  CodeParams,
  QueueDocumentInput,
  QueueParams,
  QueueUpdateApplied,
  QueueView,
  ReasonCode,
  ReasonCodeInput,
  type ReasonCodeService,
} from '../../config/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { configServices, registerConfigResourceRoutes } from './config-resource-routes.ts';

export function registerConfigRoutes(app: HttpApp, services: ApiServices): void {
  const config = configServices(services);
  const tags = ['configuration'];

  registerConfigResourceRoutes(app, {
    path: '/api/v1/queues',
    param: 'name',
    params: QueueParams,
    access: { read: 'queues:read', write: 'queues:write' },
    listKey: 'queues',
    view: QueueView,
    input: QueueDocumentInput,
    putReply: { replaced: Type.Object({ queue: QueueView, applied: QueueUpdateApplied }) },
    text: {
      list: { summary: 'Every queue with its document, effective settings and calls waiting' },
      get: { summary: 'One queue' },
      put: {
        summary: 'Create or replace a queue; the running ACD applies it at once',
        description:
          'Waiting calls keep their place and follow the new settings. 201 when created, 200 when replaced.',
      },
      delete: {
        summary: 'Delete a queue no call waits in and no queue or published flow names (else 409)',
      },
    },
    tags,
    service: () => config().queues,
  });

  const codeRoutes = (
    path: string,
    resource: 'reason-codes' | 'disposition-codes',
    what: string,
    list: () => ReasonCodeService,
  ) =>
    registerConfigResourceRoutes(app, {
      path,
      param: 'code',
      params: CodeParams,
      access: { read: `${resource}:read`, write: `${resource}:write` },
      listKey: 'codes',
      view: ReasonCode,
      input: ReasonCodeInput,
      putReply: { replaced: ReasonCode },
      text: {
        list: { summary: `The ${what}s in the desk's order (inactive ones kept for reports)` },
        put: {
          summary: `Create or replace a ${what} (201 when created); the desk offers it at once`,
        },
        delete: { summary: `Delete a ${what} (past calls and states keep naming it)` },
      },
      tags,
      service: list,
      reply: ({ code }) => code,
    });
  codeRoutes(
    '/api/v1/reason-codes',
    'reason-codes',
    'not-ready reason',
    () => config().reasonCodes,
  );
  codeRoutes(
    '/api/v1/disposition-codes',
    'disposition-codes',
    'disposition code',
    () => config().dispositionCodes,
  );
}
