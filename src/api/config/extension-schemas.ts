// SIP extensions as the API shows and takes them: the name phones show, whether a phone is
// registered now, whose usual extension it is; never a password or digest.
import { Type, type Static } from 'typebox';

export const ExtensionParams = Type.Object(
  {
    extension: Type.String({
      pattern: '^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$',
      description: 'Letters, digits, . _ - (up to 32), e.g. 1001',
    }),
  },
  { additionalProperties: false },
);

export const ExtensionInput = Type.Object(
  {
    displayName: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'What phones and the desk show, e.g. 张伟 (1001)',
    }),
    password: Type.Optional(
      Type.String({
        minLength: 10,
        maxLength: 128,
        description:
          'The SIP password (10–128 characters). Leave it out when creating to have one generated and returned once; when renaming, to keep the current one.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ExtensionInput = Static<typeof ExtensionInput>;

/** A new password, or none to have one generated and returned once. */
export const ExtensionPasswordInput = Type.Object(
  { password: Type.Optional(Type.String({ minLength: 10, maxLength: 128 })) },
  { additionalProperties: false },
);

export const ExtensionView = Type.Object({
  extension: Type.String(),
  displayName: Type.String(),
  registered: Type.Boolean({ description: 'A phone is registered on it now.' }),
  contacts: Type.Integer({ description: 'How many phones are registered on it now.' }),
  agentId: Type.Union([Type.String(), Type.Null()], {
    description: 'The agent whose usual extension it is (their agent profile).',
  }),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});
export type ExtensionView = Static<typeof ExtensionView>;
