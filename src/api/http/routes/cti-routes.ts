// Live CTI over WebSocket for the desk and the wallboard, and the same state as a REST snapshot.
// On connect the client gets a snapshot (or, with ?after=<seq>, the frames it missed), then every
// frame it may see as it happens. Frames carry the log's sequence number: reconnecting with the
// last one seen resumes with nothing lost and nothing twice.
import type { WebSocket } from 'ws';
import { Type } from 'typebox';
import { HotlineError } from '../../../platform/index.ts';
import {
  ctiViewer,
  CtiLiveState,
  CtiSnapshot,
  type CtiFrame,
  type CtiServerMessage,
  type CtiViewer,
  type TelephonyHealth,
  type TelephonyHealthFeed,
} from '../../cti/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { errorResponses } from '../schemas.ts';

const REAUTH_INTERVAL_MS = 60_000;
/** A client this far behind is disconnected; it reconnects with its last seq. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export function registerCtiRoutes(app: HttpApp, services: ApiServices): void {
  const live = (): CtiLiveState => {
    if (!services.cti)
      throw new HotlineError('unavailable', 'Live CTI is not running on this node.');
    return services.cti;
  };

  app.get(
    '/api/v1/cti/snapshot',
    {
      config: { access: 'cti:subscribe' },
      schema: {
        tags: ['cti'],
        summary:
          'Agents with state and time in state, live calls and queue figures, as far as your role sees them',
        response: { 200: CtiSnapshot, ...errorResponses },
      },
    },
    async (request) => {
      const state = live();
      await state.catchUp();
      const viewer = ctiViewer(
        request.actor,
        (agentId) => state.queuesOf(agentId),
        services.config?.agentProfiles,
      );
      return withHealth(state.snapshot(viewer), viewer, services.telephonyHealth);
    },
  );

  app.get(
    '/api/v1/cti/ws',
    {
      websocket: true,
      config: { access: 'cti:subscribe' },
      schema: {
        tags: ['cti'],
        summary:
          'Live CTI events (WebSocket): a snapshot, then event frames; ?after=<seq> resumes after the last frame seen',
        querystring: Type.Object(
          { after: Type.Optional(Type.Integer({ minimum: 0 })) },
          { additionalProperties: false },
        ),
      },
    },
    (socket, request) => {
      const actor = request.actor;
      const open = () => socket.readyState === socket.OPEN;
      const close = (code: number, reason: string) => {
        if (open()) socket.close(code, reason);
      };
      const sendText = (text: string) => {
        if (!open()) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          close(1013, 'too far behind; reconnect with ?after=<last seq>');
          return;
        }
        socket.send(text);
      };
      const send = (message: CtiServerMessage) => sendText(JSON.stringify(message));
      const state = services.cti;
      if (!state) {
        send({
          type: 'error',
          error: { code: 'unavailable', message: 'Live CTI is not running on this node.' },
        });
        close(1011, 'live CTI unavailable');
        return;
      }
      const viewer = ctiViewer(
        actor,
        (agentId) => state.queuesOf(agentId),
        services.config?.agentProfiles,
      );
      const deliver = (frame: CtiFrame) => {
        // Those who see everything share one serialization of the frame.
        if (viewer.seesAll) return sendText(wholeFrame(frame));
        const visible = CtiLiveState.visibleFrame(viewer, frame);
        if (visible) send({ type: 'events', seq: visible.seq, events: visible.events });
      };
      let stopListening: (() => void) | undefined;
      let stopHealth: (() => void) | undefined;

      // A socket outlives the request that opened it: check the caller again when their account
      // changes, and every minute (logout, session expiry, a revoked token).
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const recheck = async () => {
        const now = request.sessionSecret
          ? await services.auth.authenticateSession(request.sessionSecret, request.ip)
          : bearer
            ? await services.auth.authenticateToken(bearer, request.ip)
            : undefined;
        if (!now || now.role !== actor.role)
          close(4401, 'your session ended or your role changed; log in again');
      };
      const recheckSoon = () =>
        void recheck().catch(() => close(1011, 'could not check the session'));
      const ownStream = actor.userId === null ? undefined : `user:${actor.userId}`;
      const stopAccount = services.events.subscribe((event) => {
        if (
          event.stream === ownStream &&
          (event.type === 'user.updated' || event.type === 'user.password-changed')
        )
          recheckSoon();
      });
      const timer = setInterval(recheckSoon, REAUTH_INTERVAL_MS);
      timer.unref();
      socket.on('close', () => {
        stopListening?.();
        stopHealth?.();
        stopAccount();
        clearInterval(timer);
      });
      socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) =>
        answerClient(socket, rawText(data)),
      );

      void (async () => {
        await state.catchUp();
        if (!open()) return;
        // From here on synchronous: the kept frames (or the snapshot) and the listener meet at
        // the same seq, so no frame falls between them and none comes twice.
        const after = request.query.after;
        const frames = after === undefined ? undefined : state.framesAfter(after);
        send({
          type: 'hello',
          user: { name: actor.name, role: actor.role },
          seq: state.seq,
          resumed: frames !== undefined,
        });
        const health = services.telephonyHealth;
        if (frames) frames.forEach(deliver);
        else
          send({ type: 'snapshot', snapshot: withHealth(state.snapshot(viewer), viewer, health) });
        stopListening = state.listen(deliver);
        // Telephony health is not in the log: a resumed client gets the current figures.
        if (viewer.seesTelephony && health) {
          if (frames) send({ type: 'telephony.health', health: health.current() });
          stopHealth = health.listen((figures) => sendText(healthMessage(figures)));
        }
      })().catch((error: unknown) => {
        request.log.error({ err: error }, 'CTI stream failed');
        close(1011, 'CTI stream failed');
      });
    },
  );
}

/** The snapshot with telephony health for those who may read it (supervisors, admins). */
function withHealth(
  snapshot: CtiSnapshot,
  viewer: CtiViewer,
  feed: TelephonyHealthFeed | undefined,
): CtiSnapshot {
  return viewer.seesTelephony ? { ...snapshot, telephony: feed?.current() ?? null } : snapshot;
}

const healthSerialized = new WeakMap<TelephonyHealth, string>();

/** A telephony.health message, serialized once for every supervisor's socket. */
function healthMessage(health: TelephonyHealth): string {
  let text = healthSerialized.get(health);
  if (text === undefined) {
    const message: CtiServerMessage = { type: 'telephony.health', health };
    text = JSON.stringify(message);
    healthSerialized.set(health, text);
  }
  return text;
}

const serialized = new WeakMap<CtiFrame, string>();

/** A whole frame as sent to viewers who see everything, serialized once for all of them. */
function wholeFrame(frame: CtiFrame): string {
  let text = serialized.get(frame);
  if (text === undefined) {
    const message: CtiServerMessage = { type: 'events', seq: frame.seq, events: frame.events };
    text = JSON.stringify(message);
    serialized.set(frame, text);
  }
  return text;
}

function rawText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data))).toString('utf8');
}

function answerClient(socket: WebSocket, text: string): void {
  const reply = (message: CtiServerMessage) => socket.send(JSON.stringify(message));
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    reply({ type: 'error', error: { code: 'invalid-input', message: 'messages must be JSON' } });
    return;
  }
  const type = (message as { type?: unknown } | null)?.type;
  if (type === 'ping') reply({ type: 'pong' });
  else
    reply({
      type: 'error',
      error: {
        code: 'invalid-input',
        message: `unknown message type ${JSON.stringify(type)}; known: ping`,
        field: 'type',
      },
    });
}
