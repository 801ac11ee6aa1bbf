// Runs the trunks: one registration client per trunk that registers, one OPTIONS keep-alive per
// trunk that asks for it, the count of calls out through each, and the INVITE a call out needs.
// A trunk added, changed or removed in the directory while running is reloaded alone.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import {
  TypedEmitter,
  silentLogger,
  type Clock,
  type Logger,
  type Scheduler,
} from '../../platform/index.ts';
import { DigestClient } from '../sip/auth/index.ts';
import type { OutboundInvite } from '../sip/dialog/index.ts';
import type { TransactionLayer } from '../sip/transaction/index.ts';
import type { Peer, SipTransport } from '../sip/transport/index.ts';
import {
  OptionsMonitor,
  RegistrationClient,
  type PeerState,
  type PeerStatus,
  type RegistrationState,
  type RegistrationStatus,
} from '../sip/ua/index.ts';
import { dialNumber, trunkHostPort, type Trunk, type TrunkDirectory } from './trunk.ts';

export interface TrunkStatus {
  readonly name: string;
  /** OPTIONS keep-alive; undefined when the trunk has none (keepAliveSeconds 0). */
  readonly keepAlive?: PeerStatus;
  /** Outbound registration; undefined when the trunk does not register. */
  readonly registration?: RegistrationStatus;
  readonly activeCalls: number;
  readonly maxConcurrentCalls?: number;
  /** Set when the trunk's host could not be resolved at start. */
  readonly error?: string;
}

export interface TrunkManagerEvents {
  status: { trunk: string; from: PeerState; to: PeerState; status: PeerStatus };
  registration: {
    trunk: string;
    from: RegistrationState;
    to: RegistrationState;
    status: RegistrationStatus;
  };
}

/** What a call out through a trunk sends, and the slot it holds until released. */
export interface TrunkCall {
  readonly invite: Pick<OutboundInvite, 'target' | 'from' | 'to' | 'destination' | 'auth'>;
  /** Gives back the trunk's call slot; idempotent. */
  readonly release: () => void;
}

export type TrunkRefusal =
  | 'unknown-trunk'
  | 'no-outbound' // the trunk takes no calls out
  | 'at-capacity' // maxConcurrentCalls reached
  | 'unresolved' // its host name did not resolve
  | 'bad-number'; // the dialed number, rewritten, is not dialable

/** The part of the manager the SIP adapter places calls with. */
export interface TrunkCalls {
  placeCall(
    trunk: string,
    number: string,
    caller: { number: string; displayName?: string },
  ): TrunkCall | { refused: TrunkRefusal };
}

export interface TrunkManagerOptions {
  readonly directory: TrunkDirectory;
  readonly transactions: Pick<TransactionLayer, 'sendRequest'>;
  readonly transport: Pick<SipTransport, 'sentBy'>;
  readonly clock: Clock & Scheduler;
  readonly logger?: Logger;
  /** Host name to address; node's resolver by default. */
  readonly resolveHost?: (host: string) => Promise<string>;
  /** How long stop() waits for unregistrations. Default 2 s. */
  readonly stopTimeoutMs?: number;
}

interface Running {
  readonly peer: Peer;
  readonly auth: DigestClient | undefined;
  readonly registration: RegistrationClient | undefined;
  readonly monitor: OptionsMonitor | undefined;
}

const CALLER_ID = /^\+?[0-9]{1,32}$/;

export class TrunkManager extends TypedEmitter<TrunkManagerEvents> implements TrunkCalls {
  readonly #options: TrunkManagerOptions;
  readonly #logger: Logger;
  readonly #running = new Map<string, Running>();
  readonly #unresolved = new Map<string, string>();
  readonly #calls = new Map<string, number>();
  /** The reload in progress per trunk name: changes to one trunk are applied in order. */
  readonly #reloads = new Map<string, Promise<void>>();
  #stopped = false;

  constructor(options: TrunkManagerOptions) {
    super((error) => options.logger?.error({ err: error }, 'a trunk listener threw'));
    this.#options = options;
    this.#logger = options.logger ?? silentLogger();
  }

  /** Resolves each trunk's host, then starts its registration and keep-alive. */
  async start(): Promise<void> {
    await Promise.all(
      this.#options.directory.list().map(async (trunk) => {
        const running = await this.#prepare(trunk);
        if (running === undefined || this.#stopped) return;
        this.#running.set(trunk.name, running);
        running.registration?.start();
        running.monitor?.start();
      }),
    );
  }

  /** Stops keep-alives and unregisters, waiting at most stopTimeoutMs. Idempotent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const running = [...this.#running.values()];
    this.#running.clear();
    for (const r of running) r.monitor?.stop();
    await this.#within(
      Promise.all(running.map((r) => r.registration?.stop() ?? Promise.resolve())),
    );
  }

  /**
   * Brings one trunk in line with the directory after it changed there. What runs under the
   * name stops: its keep-alive at once, its registration removed (Expires: 0, waiting at most
   * stopTimeoutMs). Then the directory's trunk of that name, if there is one now, registers.
   * New calls take the new settings at once; calls in progress keep their dialogs and slots.
   * The other trunks are not touched.
   */
  reload(name: string): Promise<void> {
    const next = (this.#reloads.get(name) ?? Promise.resolve()).then(() => this.#reload(name));
    this.#reloads.set(name, next);
    const forget = () => {
      if (this.#reloads.get(name) === next) this.#reloads.delete(name);
    };
    next.then(forget, forget);
    return next;
  }

  /** Calls out through the trunk now (a trunk with calls should not be removed). */
  activeCalls(name: string): number {
    return this.#calls.get(name) ?? 0;
  }

  /** Every trunk's keep-alive, registration and call count (the wallboard's trunk status). */
  status(): TrunkStatus[] {
    return this.#options.directory.list().map((trunk) => {
      const running = this.#running.get(trunk.name);
      const error = this.#unresolved.get(trunk.name);
      return {
        name: trunk.name,
        ...(running?.monitor ? { keepAlive: running.monitor.status } : {}),
        ...(running?.registration ? { registration: running.registration.status } : {}),
        activeCalls: this.#calls.get(trunk.name) ?? 0,
        ...(trunk.maxConcurrentCalls === undefined
          ? {}
          : { maxConcurrentCalls: trunk.maxConcurrentCalls }),
        ...(error === undefined ? {} : { error }),
      };
    });
  }

  placeCall(
    name: string,
    number: string,
    caller: { number: string; displayName?: string },
  ): TrunkCall | { refused: TrunkRefusal } {
    const trunk = this.#options.directory.get(name);
    if (trunk === undefined) return { refused: 'unknown-trunk' };
    const outbound = trunk.outbound;
    if (outbound === undefined) return { refused: 'no-outbound' };
    const running = this.#running.get(name);
    if (running === undefined) return { refused: 'unresolved' };
    const dialed = dialNumber(trunk, number);
    if (dialed === undefined) return { refused: 'bad-number' };
    const active = this.#calls.get(name) ?? 0;
    if (trunk.maxConcurrentCalls !== undefined && active >= trunk.maxConcurrentCalls)
      return { refused: 'at-capacity' };
    this.#calls.set(name, active + 1);
    let released = false;
    const hostPort = trunkHostPort(trunk);
    const transport = trunk.transport === 'udp' ? '' : `;transport=${trunk.transport}`;
    const user =
      outbound.passCallerId && CALLER_ID.test(caller.number) ? caller.number : outbound.fromUser;
    const name_ =
      caller.displayName === undefined ? '' : `"${caller.displayName.replace(/["\\]/g, '')}" `;
    return {
      invite: {
        target: `sip:${dialed}@${hostPort}${transport}`,
        from: `${name_}<sip:${user}@${outbound.fromDomain ?? hostPort}>`,
        to: `<sip:${dialed}@${hostPort}>`,
        destination: running.peer,
        ...(running.auth === undefined ? {} : { auth: running.auth }),
      },
      release: () => {
        if (released) return;
        released = true;
        this.#calls.set(name, Math.max(0, (this.#calls.get(name) ?? 1) - 1));
      },
    };
  }

  async #reload(name: string): Promise<void> {
    if (this.#stopped) return;
    const trunk = this.#options.directory.get(name);
    const next = trunk === undefined ? undefined : await this.#prepare(trunk);
    if (trunk === undefined) this.#unresolved.delete(name);
    if (this.#stopped) return;
    const previous = this.#running.get(name);
    if (next === undefined) this.#running.delete(name);
    else this.#running.set(name, next);
    previous?.monitor?.stop();
    next?.monitor?.start();
    // The old binding goes before the new one is asked for: the Contact is the same, so an
    // unregister arriving after the new REGISTER would remove the new binding too.
    if (previous?.registration) await this.#within(previous.registration.stop());
    if (!this.#stopped && next !== undefined && this.#running.get(name) === next)
      next.registration?.start();
  }

  /** Waits for `work`, or stopTimeoutMs at most (a registrar that does not answer). */
  async #within(work: Promise<unknown>): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = this.#options.clock.after(this.#options.stopTimeoutMs ?? 2_000, resolve);
      void work.then(() => {
        timer.cancel();
        resolve();
      });
    });
  }

  /** Resolves the trunk's host and builds its parts, not started; undefined when it did not resolve. */
  async #prepare(trunk: Trunk): Promise<Running | undefined> {
    let address: string;
    try {
      address = isIP(trunk.host) !== 0 ? trunk.host : await this.#resolve(trunk.host);
    } catch (error) {
      const why = `host ${trunk.host} did not resolve: ${String(error)}`;
      this.#unresolved.set(trunk.name, why);
      this.#logger.error({ trunk: trunk.name, err: error }, 'trunk host did not resolve');
      return undefined;
    }
    this.#unresolved.delete(trunk.name);
    const peer: Peer = {
      protocol: trunk.transport,
      address,
      port: trunk.port,
      // RFC 5922 §7.2: the carrier's certificate must name the host it is configured by.
      ...(trunk.transport === 'tls'
        ? { tls: { serverName: trunk.host, acceptSelfSigned: trunk.tlsAcceptSelfSigned === true } }
        : {}),
    };
    const { transactions, transport, clock } = this.#options;
    const logger = this.#logger.child({ trunk: trunk.name });
    const outbound = trunk.outbound;
    const credentials =
      outbound?.username !== undefined && outbound.password !== undefined
        ? { username: outbound.username, password: outbound.password }
        : undefined;
    const hostPort = trunkHostPort(trunk);
    const transportParam = trunk.transport === 'udp' ? '' : `;transport=${trunk.transport}`;
    let registration: RegistrationClient | undefined;
    if (outbound?.register === true && credentials !== undefined) {
      registration = new RegistrationClient({
        transactions,
        transport,
        clock,
        logger,
        registrar: peer,
        registrarUri: `sip:${hostPort}${transportParam}`,
        aor: `sip:${credentials.username}@${outbound.fromDomain ?? hostPort}`,
        contactUser: credentials.username,
        // Its own client: a failed registration resets its nonces, calls keep theirs.
        auth: new DigestClient({ credentials }),
        expires: outbound.registerExpires,
      });
      registration.on('state', (e) => this.emit('registration', { trunk: trunk.name, ...e }));
    }
    let monitor: OptionsMonitor | undefined;
    if (trunk.keepAliveSeconds > 0) {
      const { host } = transport.sentBy(peer.protocol);
      monitor = new OptionsMonitor({
        transactions,
        transport,
        clock,
        logger,
        peer,
        uri: `sip:${hostPort}${transportParam}`,
        from: `sip:${outbound?.fromUser ?? 'hotline'}@${host}`,
        intervalMs: trunk.keepAliveSeconds * 1000,
      });
      monitor.on('status', (e) => this.emit('status', { trunk: trunk.name, ...e }));
    }
    return {
      peer,
      auth: credentials === undefined ? undefined : new DigestClient({ credentials }),
      registration,
      monitor,
    };
  }

  async #resolve(host: string): Promise<string> {
    if (this.#options.resolveHost) return this.#options.resolveHost(host);
    return (await lookup(host)).address;
  }
}
