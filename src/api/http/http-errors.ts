// The one mapping from error codes to HTTP: every 4xx and 5xx leaves as
// {error: {code, message, field?}}, validation errors name the field.
import type { FastifyError, FastifyInstance } from 'fastify';
import { isHotlineError, type ErrorCode } from '../../platform/index.ts';
import type { ErrorResponse } from './schemas.ts';

const statusByCode: Record<ErrorCode, number> = {
  'invalid-input': 400,
  'invalid-config': 500,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'illegal-state': 409,
  unsupported: 409,
  locked: 423,
  'rate-limited': 429,
  unavailable: 503,
};

const codeByStatus: Record<number, string> = {
  400: 'invalid-input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
};

function body(code: string, message: string, field?: string): ErrorResponse {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

interface ValidationIssue {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** Turns ajv's first complaint into a field path and a sentence naming it. */
function describeValidation(
  context: string | undefined,
  issue: ValidationIssue,
): { field: string; message: string } {
  const parts = issue.instancePath.split('/').filter(Boolean);
  if (typeof issue.params.missingProperty === 'string') parts.push(issue.params.missingProperty);
  if (typeof issue.params.additionalProperty === 'string')
    parts.push(issue.params.additionalProperty);
  const field = [context ?? 'body', ...parts].join('.');
  let message: string;
  switch (issue.keyword) {
    case 'required':
      message = `${field} is required`;
      break;
    case 'additionalProperties':
      message = `${field} is not a known field`;
      break;
    case 'enum':
    case 'anyOf':
    case 'const':
      message = `${field} has a value that is not allowed`;
      break;
    default:
      message = `${field} ${issue.message ?? 'is invalid'}`;
  }
  return { field, message };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation && error.validation.length > 0) {
      const { field, message } = describeValidation(
        error.validationContext,
        error.validation[0] as ValidationIssue,
      );
      return reply.status(400).send(body('invalid-input', message, field));
    }
    if (isHotlineError(error)) {
      const status = statusByCode[error.code];
      if (error.retryAfterSeconds !== undefined)
        reply.header('retry-after', String(error.retryAfterSeconds));
      if (status >= 500) request.log.error({ err: error }, error.message);
      const sent = body(error.code, error.message, error.field);
      if (error.problems) sent.error.problems = error.problems.map((p) => ({ ...p }));
      return reply.status(status).send(sent);
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      const field = error.code?.startsWith('FST_ERR_CTP') ? 'body' : undefined;
      return reply
        .status(status)
        .send(body(codeByStatus[status] ?? 'bad-request', error.message, field));
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .status(500)
      .send(
        body(
          'internal',
          `internal error; the server log has the details under request id ${request.id}`,
        ),
      );
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(body('not-found', `there is no ${request.method} ${request.url.split('?')[0]}`)),
  );
}
