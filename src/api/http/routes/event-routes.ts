// The event log over HTTP (paged by cursor) and live over WebSocket. Each
// message carries the event's sequence number; a client that reconnects with
// ?after=<last seen> receives what it missed, then live events, without gaps.
import type { WebSocket } from 'ws';
import { Type } from 'typebox';
import { isAllowed, type Actor } from '../../auth/index.ts';
import type { StoredEvent } from '../../../store/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { EventSchema, errorResponses } from '../schemas.ts';

const PAGE = 500;
/** Events held while a reconnecting client catches up; beyond this it must reconnect. */
const MAX_PENDING = 10_000;
const REAUTH_INTERVAL_MS = 60_000;
/** A client this far behind is disconnected; it reconnects with its cursor. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

function visibleTo(actor: Actor, event: StoredEvent): boolean {
  if (actor.role !== null && isAllowed(actor.role, 'events:read')) return true;
  return actor.userId !== null && event.stream === `user:${actor.userId}`;
}

export function registerEventRoutes(app: HttpApp, { events, auth }: ApiServices): void {
  app.get(
    '/api/v1/events',
    {
      config: { access: 'events:read' },
      schema: {
        tags: ['events'],
        summary: 'Events in log order after a cursor',
        querystring: Type.Object(
          {
            after: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
            stream: Type.Optional(Type.String({ maxLength: 200 })),
            type: Type.Optional(Type.String({ maxLength: 100 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ events: Type.Array(EventSchema), lastEventId: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { after, stream, type, limit } = request.query;
      const list = await events.read({
        ...(after !== undefined ? { after } : {}),
        ...(stream !== undefined ? { stream } : {}),
        ...(type !== undefined ? { types: [type as never] } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
      return { events: list, lastEventId: await events.lastId() };
    },
  );

  app.get(
    '/api/v1/ws',
    {
      websocket: true,
      config: { access: 'authenticated' },
      schema: {
        tags: ['events'],
        summary: 'Live events (WebSocket); ?after=<event id> resumes from a cursor',
        querystring: Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })) }),
      },
    },
    (socket, request) => {
      const actor = request.actor;
      const seesAll = actor.role !== null && isAllowed(actor.role, 'events:read');
      const ownStream = actor.userId === null ? undefined : `user:${actor.userId}`;
      let sent = request.query.after ?? Number.POSITIVE_INFINITY;
      let catchingUp = true;
      const pending: StoredEvent[] = [];
      const open = () => socket.readyState === socket.OPEN;
      const close = (code: number, reason: string) => {
        if (open()) socket.close(code, reason);
      };
      const send = (message: unknown) => {
        if (!open()) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          close(1013, 'too far behind; reconnect with ?after=<last event id>');
          return;
        }
        socket.send(JSON.stringify(message));
      };
      const deliver = (event: StoredEvent) => {
        if (event.id <= sent) return;
        sent = event.id;
        if (visibleTo(actor, event)) send({ type: 'event', event });
      };
      // A socket outlives the request that opened it: check the caller again when their account
      // changes, and every minute (logout, session expiry, a revoked token).
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const recheck = async () => {
        const now = request.sessionSecret
          ? await auth.authenticateSession(request.sessionSecret, request.ip)
          : bearer
            ? await auth.authenticateToken(bearer, request.ip)
            : undefined;
        if (!now || now.role !== actor.role)
          close(4401, 'your session ended or your role changed; log in again');
      };
      const recheckSoon = () =>
        void recheck().catch(() => close(1011, 'could not check the session'));
      const unsubscribe = events.subscribe((event) => {
        if (catchingUp) {
          if (pending.length >= MAX_PENDING)
            close(1013, 'too far behind; reconnect with ?after=<last event id>');
          else pending.push(event);
        } else deliver(event);
        if (
          event.stream === ownStream &&
          (event.type === 'user.updated' || event.type === 'user.password-changed')
        ) {
          recheckSoon();
        }
      });
      const timer = setInterval(recheckSoon, REAUTH_INTERVAL_MS);
      timer.unref();
      socket.on('close', () => {
        unsubscribe();
        clearInterval(timer);
      });
      socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) =>
        handleClientMessage(socket, rawText(data)),
      );

      void (async () => {
        const lastEventId = await events.lastId();
        send({
          type: 'hello',
          user: { id: actor.userId, name: actor.name, role: actor.role },
          lastEventId,
        });
        if (sent === Number.POSITIVE_INFINITY) sent = lastEventId;
        else {
          // Someone who sees only their own stream reads only that stream, not the whole log.
          const scope = seesAll || ownStream === undefined ? {} : { stream: ownStream };
          for (;;) {
            if (!open()) return;
            const page = await events.read({ after: sent, limit: PAGE, ...scope });
            page.forEach(deliver);
            if (page.length < PAGE) break;
          }
        }
        catchingUp = false;
        pending.splice(0).forEach(deliver);
      })().catch((error: unknown) => {
        request.log.error({ err: error }, 'event stream failed');
        close(1011, 'event stream failed');
      });
    },
  );
}

function rawText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data))).toString('utf8');
}

function handleClientMessage(socket: WebSocket, text: string): void {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    socket.send(
      JSON.stringify({
        type: 'error',
        error: { code: 'invalid-input', message: 'messages must be JSON' },
      }),
    );
    return;
  }
  const type = (message as { type?: unknown } | null)?.type;
  if (type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
  else {
    socket.send(
      JSON.stringify({
        type: 'error',
        error: {
          code: 'invalid-input',
          message: `unknown message type ${JSON.stringify(type)}; known: ping`,
          field: 'type',
        },
      }),
    );
  }
}
