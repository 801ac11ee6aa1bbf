// SIP trunks as the API shows and takes them (TypeBox: the OpenAPI document and the web client's
// types). The body's schema gives only the shape; the values are checked by the config file's
// own parser (src/platform/trunk-config.ts), so both accept exactly the same trunks. Passwords
// are write-only: a view says whether one is set, never what it is.
import { Type, type Static, type TSchema, type TSchemaOptions } from 'typebox';
import { TrunkHealth } from '../cti/index.ts';

const Nullable = <T extends TSchema>(schema: T, options?: TSchemaOptions) =>
  Type.Union([schema, Type.Null()], options);

export const TrunkParams = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 64,
      description: '1–32 letters, digits, _ . or -, e.g. telecom',
    }),
  },
  { additionalProperties: false },
);

const Transport = Type.Union([Type.Literal('udp'), Type.Literal('tcp'), Type.Literal('tls')]);

const Password = (description: string) =>
  Type.String({
    writeOnly: true,
    description: `${description} Never returned; left out on a change, the stored one is kept.`,
  });

export const TrunkInboundInput = Type.Object(
  {
    addresses: Type.Optional(
      Type.Array(Type.String(), {
        maxItems: 64,
        description: 'Source IP addresses whose INVITEs are this carrier’s (the allow-list).',
      }),
    ),
    username: Type.Optional(
      Type.String({
        description: 'Digest username the carrier answers our 401 with; never an extension.',
      }),
    ),
    password: Type.Optional(Password('Its digest password (at least 10 characters).')),
  },
  { additionalProperties: false },
);

export const TrunkOutboundInput = Type.Object(
  {
    username: Type.Optional(Type.String({ description: 'Digest username for 401/407.' })),
    password: Type.Optional(Password('Its digest password.')),
    register: Type.Optional(
      Type.Boolean({ description: 'Register with the carrier (needs username and password).' }),
    ),
    registerExpires: Type.Optional(
      Type.Integer({ description: 'Expires asked for in REGISTER, 60–86400 (default 3600).' }),
    ),
    fromUser: Type.Optional(
      Type.String({ description: 'The user part of our From; the username by default.' }),
    ),
    fromDomain: Type.Optional(
      Type.String({ description: 'The host of our From; the trunk host.' }),
    ),
    passCallerId: Type.Optional(
      Type.Boolean({ description: 'Present the caller’s own number in From.' }),
    ),
  },
  { additionalProperties: false },
);

/** A trunk as PUT takes it: sip.trunks' fields, the name from the path. */
export const TrunkInput = Type.Object(
  {
    host: Type.String({ description: 'The carrier’s SIP server: an IP address or a host name.' }),
    port: Type.Optional(Type.Integer({ description: '1–65535; 5060 (5061 for tls) by default.' })),
    transport: Type.Optional(Transport),
    tlsAcceptSelfSigned: Type.Optional(
      Type.Boolean({ description: 'TLS only: accept a self-signed certificate naming the host.' }),
    ),
    inbound: Type.Optional(TrunkInboundInput),
    outbound: Type.Optional(TrunkOutboundInput),
    keepAliveSeconds: Type.Optional(
      Type.Integer({ description: 'Seconds between OPTIONS keep-alives, 0–3600; 0: none.' }),
    ),
    maxConcurrentCalls: Type.Optional(
      Type.Integer({ description: 'Calls out at once, 1–100000; no limit when left out.' }),
    ),
    dial: Type.Optional(
      Type.Object(
        {
          stripPrefix: Type.Optional(Type.String({ description: 'e.g. +86' })),
          addPrefix: Type.Optional(Type.String({ description: 'e.g. 0' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type TrunkInput = Static<typeof TrunkInput>;

export const TrunkView = Type.Object({
  name: Type.String(),
  source: Type.Union([Type.Literal('config'), Type.Literal('api')], {
    description:
      'config: from the config file (sip.trunks or HOTLINE_SIP_TRUNKS), read-only here; api: managed through this API.',
  }),
  host: Type.String(),
  port: Type.Integer(),
  transport: Transport,
  tlsAcceptSelfSigned: Type.Boolean(),
  inbound: Type.Object({
    addresses: Type.Array(Type.String()),
    username: Nullable(Type.String()),
    passwordSet: Type.Boolean({ description: 'A digest password is stored (never shown).' }),
  }),
  outbound: Nullable(
    Type.Object({
      username: Nullable(Type.String()),
      passwordSet: Type.Boolean({ description: 'A digest password is stored (never shown).' }),
      register: Type.Boolean(),
      registerExpires: Type.Integer(),
      fromUser: Type.String(),
      fromDomain: Nullable(Type.String()),
      passCallerId: Type.Boolean(),
    }),
    { description: 'null: no call goes out through the trunk.' },
  ),
  keepAliveSeconds: Type.Integer(),
  maxConcurrentCalls: Nullable(Type.Integer()),
  dial: Type.Object({
    stripPrefix: Nullable(Type.String()),
    addPrefix: Nullable(Type.String()),
  }),
  version: Nullable(
    Type.Integer({ description: '1 at creation, +1 on every change; null for config trunks.' }),
  ),
  createdAt: Nullable(Type.Integer()),
  updatedAt: Nullable(Type.Integer()),
  updatedBy: Nullable(Type.String()),
  status: Nullable(TrunkHealth, {
    description:
      'Registration, OPTIONS keep-alive and calls out now; null while telephony is not running.',
  }),
});
export type TrunkView = Static<typeof TrunkView>;
