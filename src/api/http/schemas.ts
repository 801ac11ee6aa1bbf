// Request and response schemas shared by the routes, the OpenAPI document
// and (through Static<>) the web client.
import { Type, type Static } from 'typebox';
import type { roles } from '../../store/index.ts';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({
        description: 'Stable machine-readable code, e.g. invalid-input, forbidden, locked.',
      }),
      message: Type.String({ description: 'What was wrong and what to do, for people.' }),
      field: Type.Optional(Type.String({ description: 'The input at fault, e.g. body.username.' })),
      problems: Type.Optional(
        Type.Array(
          Type.Object({
            field: Type.String(),
            message: Type.String(),
            node: Type.Optional(Type.String({ description: 'The IVR flow node at fault.' })),
            line: Type.Optional(Type.Integer({ description: 'The line of an imported file.' })),
          }),
          {
            description:
              'Every problem found, when the input had several (an IVR flow, a CSV file).',
          },
        ),
      ),
    }),
  },
  { $id: 'ErrorResponse', description: 'Every 4xx and 5xx answer has this shape.' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

export const RoleSchema = Type.Union(
  [Type.Literal('admin'), Type.Literal('supervisor'), Type.Literal('agent'), Type.Literal('qa')],
  { description: 'admin, supervisor, agent or qa' },
);
// The schema and the store's role list must name the same roles.
const _sameRoles: (typeof roles)[number] extends Static<typeof RoleSchema> ? true : never = true;

export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  disabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Epoch ms while failed logins lock the account.',
  }),
  passwordChangedAt: Type.Integer(),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});
export type UserSchema = Static<typeof UserSchema>;

export const IdParams = Type.Object(
  { id: Type.Integer({ minimum: 1, description: 'A numeric id.' }) },
  { additionalProperties: false },
);

export const Username = Type.String({
  minLength: 3,
  maxLength: 32,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
});
export const Password = Type.String({ minLength: 1, maxLength: 256 });

export const ApiTokenSchema = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to tell tokens apart.' }),
  createdAt: Type.Integer(),
  lastUsedAt: Type.Union([Type.Integer(), Type.Null()]),
  expiresAt: Type.Union([Type.Integer(), Type.Null()]),
  revoked: Type.Boolean(),
});

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  time: Type.Integer(),
  actorKind: Type.String(),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.String(),
  action: Type.String(),
  resource: Type.String(),
  resourceId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const EventSchema = Type.Object({
  id: Type.Integer({ description: 'The sequence number of the event in the log.' }),
  time: Type.Integer(),
  type: Type.String(),
  stream: Type.String(),
  payload: Type.Unknown(),
});

/** Standard error answers, merged into each route's response schema. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
