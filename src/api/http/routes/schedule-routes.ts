// Schedules over HTTP: named opening hours (a time zone, hours per weekday, dated exceptions such
// as public holidays) that IVR flows' schedule nodes refer to. Administrators write; supervisors
// read. A change applies to the next call through a node naming the schedule.
import { Type } from 'typebox';
import { HotlineError } from '../../../platform/index.ts';
import {
  ScheduleInput,
  ScheduleParams,
  ScheduleView,
  type ScheduleService,
} from '../../config/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { errorResponses } from '../schemas.ts';

export function registerScheduleRoutes(app: HttpApp, services: ApiServices): void {
  const schedules = (): ScheduleService => {
    if (!services.config)
      throw new HotlineError('unavailable', 'Configuration is not managed on this node.');
    return services.config.schedules;
  };
  const tags = ['configuration'];

  app.get(
    '/api/v1/schedules',
    {
      config: { access: 'schedules:read' },
      schema: {
        tags,
        summary: 'Every schedule with its hours, exceptions and the zone it is read in',
        response: { 200: Type.Object({ schedules: Type.Array(ScheduleView) }), ...errorResponses },
      },
    },
    async () => ({ schedules: schedules().list() }),
  );

  app.get(
    '/api/v1/schedules/:name',
    {
      config: { access: 'schedules:read' },
      schema: {
        tags,
        summary: 'One schedule',
        params: ScheduleParams,
        response: { 200: ScheduleView, ...errorResponses },
      },
    },
    async (request) => schedules().view(request.params.name),
  );

  app.put(
    '/api/v1/schedules/:name',
    {
      config: { access: 'schedules:write' },
      schema: {
        tags,
        summary: 'Create or replace a schedule; the next call through a node naming it follows it',
        description:
          'Ranges per day go in order without overlapping, `24:00` ends a day; an exception replaces its date’s hours (none: closed all day, the node’s holiday exit). 201 when created, 200 when replaced.',
        params: ScheduleParams,
        body: ScheduleInput,
        response: { 200: ScheduleView, 201: ScheduleView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { schedule, created } = await schedules().put(
        request.actor,
        request.params.name,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(schedule);
    },
  );

  app.delete(
    '/api/v1/schedules/:name',
    {
      config: { access: 'schedules:write' },
      schema: {
        tags,
        summary: 'Delete a schedule no published flow names (else 409 naming the flows)',
        params: ScheduleParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await schedules().remove(request.actor, request.params.name);
      return reply.status(204).send(null);
    },
  );
}
