// The trunk form's values and the API's trunk: a stored trunk becomes text inputs (passwords
// always empty: they are write-only), and the inputs become the PUT body (an empty field left
// out, so the server's defaults apply and an empty password keeps the stored one). Numbers that
// are not whole numbers go as typed, for the server to name the field.
import type { TrunkInput, TrunkView } from '../../api/types.ts';

export interface TrunkFormValues {
  name: string;
  host: string;
  port: string;
  transport: 'udp' | 'tcp' | 'tls';
  tlsAcceptSelfSigned: boolean;
  /** Addresses separated by commas, spaces or lines. */
  inboundAddresses: string;
  inboundUsername: string;
  inboundPassword: string;
  /** Calls go out through the trunk (outbound settings present). */
  outbound: boolean;
  outboundUsername: string;
  outboundPassword: string;
  register: boolean;
  registerExpires: string;
  fromUser: string;
  fromDomain: string;
  passCallerId: boolean;
  keepAliveSeconds: string;
  maxConcurrentCalls: string;
  stripPrefix: string;
  addPrefix: string;
}

/** The form's field paths, as the server names them (`body.` and `params.` left off). */
export const trunkFormPaths = [
  'name',
  'host',
  'port',
  'transport',
  'tlsAcceptSelfSigned',
  'inbound',
  'inbound.addresses',
  'inbound.username',
  'inbound.password',
  'outbound',
  'outbound.username',
  'outbound.password',
  'outbound.register',
  'outbound.registerExpires',
  'outbound.fromUser',
  'outbound.fromDomain',
  'outbound.passCallerId',
  'keepAliveSeconds',
  'maxConcurrentCalls',
  'dial',
  'dial.stripPrefix',
  'dial.addPrefix',
] as const;

export function trunkFormValues(trunk?: TrunkView): TrunkFormValues {
  const out = trunk?.outbound ?? null;
  return {
    name: trunk?.name ?? '',
    host: trunk?.host ?? '',
    port: trunk ? String(trunk.port) : '',
    transport: trunk?.transport ?? 'udp',
    tlsAcceptSelfSigned: trunk?.tlsAcceptSelfSigned ?? false,
    inboundAddresses: trunk?.inbound.addresses.join(', ') ?? '',
    inboundUsername: trunk?.inbound.username ?? '',
    inboundPassword: '',
    outbound: trunk ? out !== null : true,
    outboundUsername: out?.username ?? '',
    outboundPassword: '',
    register: out?.register ?? false,
    registerExpires: out ? String(out.registerExpires) : '',
    fromUser: out?.fromUser ?? '',
    fromDomain: out?.fromDomain ?? '',
    passCallerId: out?.passCallerId ?? false,
    keepAliveSeconds: trunk ? String(trunk.keepAliveSeconds) : '',
    maxConcurrentCalls: trunk?.maxConcurrentCalls == null ? '' : String(trunk.maxConcurrentCalls),
    stripPrefix: trunk?.dial.stripPrefix ?? '',
    addPrefix: trunk?.dial.addPrefix ?? '',
  };
}

/** A whole number as a number; anything else typed goes as text (the server says what is wrong). */
function whole(text: string): number | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : (value as unknown as number);
}

function given<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: V };
}

export function trunkBody(values: TrunkFormValues): TrunkInput {
  const text = (v: string) => v.trim();
  const addresses = values.inboundAddresses
    .split(/[\s,]+/)
    .map((a) => a.trim())
    .filter(Boolean);
  const inbound = {
    ...(addresses.length > 0 ? { addresses } : {}),
    ...given('username', text(values.inboundUsername)),
    // Passwords as typed: spaces may be part of one.
    ...given('password', values.inboundPassword),
  };
  const dial = {
    ...given('stripPrefix', text(values.stripPrefix)),
    ...given('addPrefix', text(values.addPrefix)),
  };
  return {
    host: text(values.host),
    ...given('port', whole(values.port)),
    transport: values.transport,
    ...(values.transport === 'tls' && values.tlsAcceptSelfSigned
      ? { tlsAcceptSelfSigned: true }
      : {}),
    ...(Object.keys(inbound).length > 0 ? { inbound } : {}),
    ...(values.outbound
      ? {
          outbound: {
            ...given('username', text(values.outboundUsername)),
            ...given('password', values.outboundPassword),
            register: values.register,
            ...given('registerExpires', whole(values.registerExpires)),
            ...given('fromUser', text(values.fromUser)),
            ...given('fromDomain', text(values.fromDomain)),
            passCallerId: values.passCallerId,
          },
        }
      : {}),
    ...given('keepAliveSeconds', whole(values.keepAliveSeconds)),
    ...given('maxConcurrentCalls', whole(values.maxConcurrentCalls)),
    ...(Object.keys(dial).length > 0 ? { dial } : {}),
  };
}
