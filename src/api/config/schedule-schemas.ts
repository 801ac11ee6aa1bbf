// Schedules as the API shows and takes them (TypeBox: validation, OpenAPI and the web client's
// types): the opening hours IVR flows name, with the zone they are read in.
import { Type, type Static } from 'typebox';
import { ScheduleDocument } from '../../callcenter/index.ts';

/** Schedule names go into URLs, flows and audit entries: letters, digits and _ . - only. */
export const ScheduleName = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$',
  description: 'Letters, digits, _ . - (up to 64), e.g. business-hours',
});

export const ScheduleParams = Type.Object({ name: ScheduleName }, { additionalProperties: false });

/** A schedule document: the IVR's own schema; the name comes from the URL. */
export const ScheduleInput = ScheduleDocument;
export type ScheduleInput = Static<typeof ScheduleInput>;

export const ScheduleView = Type.Object({
  name: Type.String(),
  document: ScheduleDocument,
  timeZone: Type.String({
    description:
      'The zone the hours are read in: the document’s, or the center’s when it has none.',
  }),
  version: Type.Integer({ description: '1 at creation, +1 on every replace.' }),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  updatedBy: Type.String(),
});
export type ScheduleView = Static<typeof ScheduleView>;
