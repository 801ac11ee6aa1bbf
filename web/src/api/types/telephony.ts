// The SIP side an administrator manages: extensions phones register on and trunks to carriers.
/** GET /api/v1/extensions (schema `ExtensionView`): never a password. */
export interface ExtensionView {
  extension: string;
  displayName: string;
  registered: boolean;
  contacts: number;
  agentId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A trunk's registration, keep-alive and calls now (schema `TrunkHealth`). */
export interface TrunkHealth {
  name: string;
  status: 'up' | 'down' | 'unknown';
  keepAlive: {
    state: 'unknown' | 'up' | 'down';
    since: number;
    lastStatus: number | null;
    lastRttMs: number | null;
  } | null;
  registration: {
    state: 'unregistered' | 'registering' | 'registered' | 'failed' | 'unregistering';
    since: number;
    expiresAt: number | null;
    reason: string | null;
  } | null;
  activeCalls: number;
  maxConcurrentCalls: number | null;
  error: string | null;
}

/** GET /api/v1/trunks, /api/v1/trunks/:name (schema `TrunkView`): never a password. */
export interface TrunkView {
  name: string;
  /** config: from the config file, read-only; api: managed here. */
  source: 'config' | 'api';
  host: string;
  port: number;
  transport: 'udp' | 'tcp' | 'tls';
  tlsAcceptSelfSigned: boolean;
  inbound: { addresses: string[]; username: string | null; passwordSet: boolean };
  outbound: {
    username: string | null;
    passwordSet: boolean;
    register: boolean;
    registerExpires: number;
    fromUser: string;
    fromDomain: string | null;
    passCallerId: boolean;
  } | null;
  keepAliveSeconds: number;
  maxConcurrentCalls: number | null;
  dial: { stripPrefix: string | null; addPrefix: string | null };
  version: number | null;
  createdAt: number | null;
  updatedAt: number | null;
  updatedBy: string | null;
  /** null while telephony is not running. */
  status: TrunkHealth | null;
}

/** PUT /api/v1/trunks/:name (schema `TrunkInput`): a password left out keeps the stored one. */
export interface TrunkInput {
  host: string;
  port?: number;
  transport?: 'udp' | 'tcp' | 'tls';
  tlsAcceptSelfSigned?: boolean;
  inbound?: { addresses?: string[]; username?: string; password?: string };
  outbound?: {
    username?: string;
    password?: string;
    register?: boolean;
    registerExpires?: number;
    fromUser?: string;
    fromDomain?: string;
    passCallerId?: boolean;
  };
  keepAliveSeconds?: number;
  maxConcurrentCalls?: number;
  dial?: { stripPrefix?: string; addPrefix?: string };
}
