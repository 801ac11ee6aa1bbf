// What a customer is, as the API, the CSV files and the service speak of it:
// the TypeBox schemas (one source of truth for validation, OpenAPI and the
// web client's types) and the shapes read back from the directory.
import { Type, type Static } from 'typebox';

export const customerTiers = ['standard', 'silver', 'gold', 'platinum'] as const;
export type CustomerTier = (typeof customerTiers)[number];

export const customerLanguages = ['zh', 'en'] as const;
export type CustomerLanguage = (typeof customerLanguages)[number];

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const TierSchema = Type.Union(
  [
    Type.Literal('standard'),
    Type.Literal('silver'),
    Type.Literal('gold'),
    Type.Literal('platinum'),
  ],
  { description: customerTiers.join(', ') },
);
export const LanguageSchema = Type.Union([Type.Literal('zh'), Type.Literal('en')], {
  description: 'Preferred language: zh or en',
});
// The schemas and the lists must name the same values.
const _sameTiers: CustomerTier extends Static<typeof TierSchema> ? true : never = true;
const _sameLanguages: CustomerLanguage extends Static<typeof LanguageSchema> ? true : never = true;
void _sameTiers;
void _sameLanguages;

export const ConsentSchema = Type.Object(
  {
    calls: Type.Boolean({ description: 'May be called (outbound campaigns, callbacks).' }),
    sms: Type.Boolean(),
    email: Type.Boolean(),
  },
  { additionalProperties: false },
);

const customerFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  phones: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
    maxItems: 10,
    description:
      'As written (13812345678, 010-12345678, +44 20 7946 0958); stored in E.164, China by default.',
  }),
  email: Nullable(Type.String({ maxLength: 254 })),
  document: Nullable(
    Type.String({ maxLength: 40, description: 'ID document number; always shown masked.' }),
  ),
  birthday: Nullable(Type.String({ maxLength: 10, description: 'YYYY-MM-DD' })),
  language: Nullable(LanguageSchema),
  tier: TierSchema,
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 30 }),
  notes: Type.String({ maxLength: 4000 }),
  consent: Type.Partial(ConsentSchema),
};

export const NewCustomerSchema = Type.Object(
  {
    ...Type.Partial(Type.Object(customerFields)).properties,
    name: customerFields.name,
    fromCallId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'The call this customer was created from: it joins their timeline.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type NewCustomer = Static<typeof NewCustomerSchema>;

export const CustomerPatchSchema = Type.Partial(Type.Object(customerFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type CustomerPatch = Static<typeof CustomerPatchSchema>;

export const CustomerPhoneSchema = Type.Object({
  e164: Type.String(),
  raw: Type.String({ description: 'As entered.' }),
});

export const CustomerSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    phones: Type.Array(CustomerPhoneSchema),
    email: Nullable(Type.String()),
    document: Nullable(Type.String({ description: 'Masked: only the last 4 characters show.' })),
    birthday: Nullable(Type.String()),
    language: Nullable(Type.String()),
    tier: Type.String(),
    tags: Type.Array(Type.String()),
    notes: Type.String(),
    consent: ConsentSchema,
    erasedAt: Nullable(Type.Integer({ description: 'Set once erased on request.' })),
    createdAt: Type.Integer(),
    updatedAt: Type.Integer(),
  },
  { $id: 'Customer' },
);
export type Customer = Static<typeof CustomerSchema>;

export const CustomerSummarySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  phones: Type.Array(Type.String({ description: 'E.164' })),
  email: Nullable(Type.String()),
  document: Nullable(Type.String({ description: 'Masked.' })),
  tier: Type.String(),
  tags: Type.Array(Type.String()),
});
export type CustomerSummary = Static<typeof CustomerSummarySchema>;

/** A caller-lookup candidate: what routing and the screen pop need, nothing more. */
export interface CallerCandidate {
  id: number;
  name: string;
  tier: string;
  /** The agent of the customer's latest answered call (a single match only): sticky routing. */
  lastAgentId?: string;
}
