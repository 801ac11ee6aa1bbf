// schedule: open, closed or holiday by business hours in an IANA time zone: a named schedule
// (`schedule: "business-hours"`, read as the call passes, so a change reaches the next caller
// without publishing the flow again) or, instead of one, a table of the node's own.
import { Type, type Static } from 'typebox';
import {
  CLOCK_PATTERN,
  DATE_PATTERN,
  DEFAULT_TIME_ZONE,
  clockSeconds,
  isValidTimeZone,
  scheduleState,
  type TimeWindow,
} from '../business-hours.ts';
import { CatalogueName, NodeId, nodeBase, type FieldProblem } from '../flow-fields.ts';
import { defineNode, exits } from '../node-registry.ts';

export const TimeWindowSchema = Type.Object(
  { from: Type.String({ pattern: CLOCK_PATTERN }), to: Type.String({ pattern: CLOCK_PATTERN }) },
  { additionalProperties: false },
);

const Windows = Type.Array(TimeWindowSchema, { maxItems: 8 });

export const ScheduleNode = Type.Object(
  {
    type: Type.Literal('schedule'),
    ...nodeBase,
    /** A schedule managed on its own (/api/v1/schedules), instead of timeZone, hours and holidays. */
    schedule: Type.Optional(CatalogueName),
    /** IANA zone, default Asia/Shanghai. */
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** Open windows per weekday (`mon`…`sun`); a day left out is closed. */
    hours: Type.Optional(
      Type.Object(
        {
          mon: Type.Optional(Windows),
          tue: Type.Optional(Windows),
          wed: Type.Optional(Windows),
          thu: Type.Optional(Windows),
          fri: Type.Optional(Windows),
          sat: Type.Optional(Windows),
          sun: Type.Optional(Windows),
        },
        { additionalProperties: false },
      ),
    ),
    holidays: Type.Optional(Type.Array(Type.String({ pattern: DATE_PATTERN }), { maxItems: 366 })),
    open: NodeId,
    closed: NodeId,
    /** Where a holiday goes; absent: `closed`. */
    holiday: Type.Optional(NodeId),
  },
  { additionalProperties: false },
);

/** A zone that Intl knows. */
export function timeZoneProblems(timeZone: string | undefined, field: string): FieldProblem[] {
  return timeZone === undefined || isValidTimeZone(timeZone)
    ? []
    : [
        {
          field,
          message: `unknown time zone "${timeZone}" (use an IANA name such as Asia/Shanghai)`,
        },
      ];
}

/** A window whose start is before its end. */
export function windowProblems(window: TimeWindow, field: string): FieldProblem[] {
  return clockSeconds(window.from) < clockSeconds(window.to)
    ? []
    : [
        {
          field: `${field}.to`,
          message: `must be after from (${window.from}); a window cannot cross midnight`,
        },
      ];
}

/** A named schedule or a table of the node's own: exactly one, so no one wonders which wins. */
function sourceProblems(node: Static<typeof ScheduleNode>): FieldProblem[] {
  if (node.schedule === undefined)
    return node.hours === undefined
      ? [
          {
            field: 'schedule',
            message: 'is required: name a schedule, or give hours (per weekday) instead',
          },
        ]
      : [];
  return (['hours', 'timeZone', 'holidays'] as const)
    .filter((field) => node[field] !== undefined)
    .map((field) => ({
      field,
      message: `is not allowed with schedule "${node.schedule}", which has its own; change the schedule, or leave schedule out to give the node's own hours`,
    }));
}

export const schedule = defineNode({
  type: 'schedule',
  schema: ScheduleNode,
  references: (node) => ({
    nodes: exits({ open: node.open, closed: node.closed, holiday: node.holiday }),
    schedules: node.schedule === undefined ? [] : [{ field: 'schedule', name: node.schedule }],
  }),
  canEnd: false,
  waits: false,
  check: (node) => [
    ...sourceProblems(node),
    ...timeZoneProblems(node.timeZone, 'timeZone'),
    ...Object.entries(node.hours ?? {}).flatMap(([day, windows]) =>
      (windows ?? []).flatMap((w, i) => windowProblems(w, `hours.${day}.${i}`)),
    ),
  ],
  async run(node, ctx) {
    const hours =
      node.schedule === undefined
        ? {
            timeZone: node.timeZone ?? DEFAULT_TIME_ZONE,
            hours: node.hours ?? {},
            holidays: node.holidays,
          }
        : ctx.schedule(node.schedule);
    // Deleting a schedule a published flow names is refused; this is a bug or a race.
    if (!hours) throw new Error(`there is no schedule "${node.schedule}"`);
    const state = scheduleState(ctx.now(), hours);
    if (state === 'holiday') return { next: node.holiday ?? node.closed };
    return { next: state === 'open' ? node.open : node.closed };
  },
});
