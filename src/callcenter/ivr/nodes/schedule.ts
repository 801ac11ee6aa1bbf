// schedule: open, closed or holiday by business hours in an IANA time zone.
import { Type } from 'typebox';
import {
  CLOCK_PATTERN,
  DATE_PATTERN,
  DEFAULT_TIME_ZONE,
  clockSeconds,
  isValidTimeZone,
  scheduleState,
  type TimeWindow,
} from '../business-hours.ts';
import { NodeId, nodeBase, type FieldProblem } from '../flow-fields.ts';
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
    /** IANA zone, default Asia/Shanghai. */
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** Open windows per weekday (`mon`…`sun`); a day left out is closed. */
    hours: Type.Object(
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

export const schedule = defineNode({
  type: 'schedule',
  schema: ScheduleNode,
  references: (node) => ({
    nodes: exits({ open: node.open, closed: node.closed, holiday: node.holiday }),
  }),
  canEnd: false,
  waits: false,
  check: (node) => [
    ...timeZoneProblems(node.timeZone, 'timeZone'),
    ...Object.entries(node.hours).flatMap(([day, windows]) =>
      (windows ?? []).flatMap((w, i) => windowProblems(w, `hours.${day}.${i}`)),
    ),
  ],
  async run(node, ctx) {
    const state = scheduleState(ctx.now(), {
      timeZone: node.timeZone ?? DEFAULT_TIME_ZONE,
      hours: node.hours,
      holidays: node.holidays,
    });
    if (state === 'holiday') return { next: node.holiday ?? node.closed };
    return { next: state === 'open' ? node.open : node.closed };
  },
});
