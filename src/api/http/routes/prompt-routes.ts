// Prompts over HTTP: the catalogue and uploads, uploading (the audio file as
// the request body: WAV, MP3, OGG or FLAC), listening to an upload, removing it.
import { Type } from 'typebox';
import { HotlineError } from '../../../platform/index.ts';
import type { UploadFormat } from '../../../telephony/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { errorResponses } from '../schemas.ts';
import { createReadStream } from 'node:fs';

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const formatByType: Record<string, UploadFormat> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/flac': 'flac',
};

const PromptEntry = Type.Object({
  name: Type.String(),
  language: Type.String(),
  source: Type.Union([Type.Literal('shipped'), Type.Literal('uploaded')]),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
});

const Target = Type.Object({
  language: Type.String({ minLength: 2, maxLength: 8 }),
  '*': Type.String({
    minLength: 1,
    maxLength: 80,
    description: 'The prompt name, e.g. welcome or custom/spring-sale.',
  }),
});

const RecordingView = Type.Object({
  id: Type.String(),
  language: Type.String(),
  name: Type.String(),
  extension: Type.String(),
  state: Type.Union(
    [
      Type.Literal('calling'),
      Type.Literal('instructing'),
      Type.Literal('recording'),
      Type.Literal('saving'),
      Type.Literal('done'),
    ],
    { description: 'calling the extension, playing the instructions, recording, saving, done' },
  ),
  error: Type.Optional(Type.String({ description: 'Why no prompt was saved.' })),
  durationMs: Type.Optional(Type.Integer()),
});

export function registerPromptRoutes(app: HttpApp, { prompts, promptRecorder }: ApiServices): void {
  if (!prompts) return;

  app.post(
    '/api/v1/prompt-recordings',
    {
      config: { access: 'prompts:write' },
      schema: {
        tags: ['prompts'],
        summary:
          'Record a prompt by phone: Hotline calls the extension, the speaker records after the tone and presses #',
        body: Type.Object(
          {
            language: Type.String({ minLength: 2, maxLength: 8 }),
            name: Type.String({ minLength: 1, maxLength: 80 }),
            extension: Type.String({ minLength: 2, maxLength: 10 }),
          },
          { additionalProperties: false },
        ),
        response: { 202: RecordingView, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!promptRecorder)
        throw new HotlineError('unavailable', 'Telephony is not running on this node.');
      return reply.status(202).send(promptRecorder.start(request.actor, request.body));
    },
  );

  app.get(
    '/api/v1/prompt-recordings/:id',
    {
      config: { access: 'prompts:write' },
      schema: {
        tags: ['prompts'],
        summary: 'Where a prompt recording by phone stands',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: RecordingView, ...errorResponses },
      },
    },
    async (request) => {
      const status = promptRecorder?.status(request.params.id);
      if (!status)
        throw new HotlineError('not-found', `No prompt recording ${request.params.id}.`, {
          field: 'params.id',
        });
      return status;
    },
  );
  app.addContentTypeParser(
    Object.keys(formatByType),
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/api/v1/prompts',
    {
      config: { access: 'prompts:read' },
      schema: {
        tags: ['prompts'],
        summary: 'Every prompt: the shipped catalogue and the uploads that add to or replace it',
        response: { 200: Type.Object({ prompts: Type.Array(PromptEntry) }), ...errorResponses },
      },
    },
    async () => ({ prompts: await prompts.list() }),
  );

  app.put(
    '/api/v1/prompts/:language/*',
    {
      config: { access: 'prompts:write' },
      schema: {
        tags: ['prompts'],
        summary:
          'Upload a prompt (body: the audio, Content-Type audio/wav, audio/mpeg, audio/ogg or audio/flac)',
        params: Target,
        response: { 201: PromptEntry, ...errorResponses },
      },
    },
    async (request, reply) => {
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const format = formatByType[type];
      if (!format || !Buffer.isBuffer(request.body)) {
        throw new HotlineError(
          'invalid-input',
          `Send the audio as the body with Content-Type ${Object.keys(formatByType).join(', ')}.`,
          { field: 'body' },
        );
      }
      const entry = await prompts.upload(request.actor, {
        language: request.params.language,
        name: request.params['*'],
        format,
        data: request.body,
      });
      return reply.status(201).send(entry);
    },
  );

  app.get(
    '/api/v1/prompts/:language/*',
    {
      config: { access: 'prompts:read' },
      schema: {
        tags: ['prompts'],
        summary: 'The uploaded audio of a prompt (audio/wav)',
        params: Target,
        response: { 200: Type.Unknown({ description: 'The WAV file.' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const path = await prompts.uploadedFile(request.params.language, request.params['*']);
      return reply.type('audio/wav').send(createReadStream(path));
    },
  );

  app.delete(
    '/api/v1/prompts/:language/*',
    {
      config: { access: 'prompts:write' },
      schema: {
        tags: ['prompts'],
        summary: 'Remove an upload (a shipped prompt it replaced is heard again)',
        params: Target,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await prompts.remove(request.actor, request.params.language, request.params['*']);
      return reply.status(204).send(null);
    },
  );
}
