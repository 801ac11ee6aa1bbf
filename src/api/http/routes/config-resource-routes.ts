// Registers the GET list / GET one / PUT / DELETE routes of one configuration resource kept by name
// (queues, agent profiles, extensions, reason codes…), so each resource only states its schemas,
// access and texts.
import { Type, type Static, type TObject, type TSchema } from 'typebox';
import type { Actor, Permission } from '../../auth/index.ts';
import { HotlineError } from '../../../platform/index.ts';
import type { ConfigServices } from '../../config/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { errorResponses } from '../schemas.ts';

/** The configuration services, asked for when a request comes: a node without them says so (503). */
export function configServices(services: ApiServices): () => ConfigServices {
  return () => {
    if (!services.config)
      throw new HotlineError('unavailable', 'Configuration is not managed on this node.');
    return services.config;
  };
}

/** What the routes call; `put` says whether it created, the rest of its result is the reply. */
export interface ConfigResourceService<Input, Result extends { created: boolean }> {
  list(): unknown[] | Promise<unknown[]>;
  get?(id: string): unknown;
  put(actor: Actor, id: string, input: Input): Promise<Result>;
  remove(actor: Actor, id: string): Promise<unknown>;
}

/** A route's OpenAPI texts. */
interface RouteText {
  summary: string;
  description?: string;
}

export interface ConfigResource<
  Params extends TObject,
  Input extends TSchema,
  Result extends { created: boolean },
> {
  /** The collection, e.g. `/api/v1/queues`; one item is `${path}/:${param}`. */
  path: string;
  /** The path parameter naming one item, as `params` declares it. */
  param: keyof Static<Params> & string;
  params: Params;
  /** The access names of the RBAC table: read (list and one), write (put and delete). */
  access: { list?: Permission; read: Permission; write: Permission };
  /** The list reply is `{ [listKey]: items }`. */
  listKey: string;
  view: TSchema;
  input: Input;
  /** The PUT replies (the same when created and replaced unless `created` is given). */
  putReply: { replaced: TSchema; created?: TSchema };
  /** Left out: no GET of one item (the list says it all). */
  text: { list: RouteText; get?: RouteText; put: RouteText; delete: RouteText };
  tags: string[];
  service: () => ConfigResourceService<Static<Input>, Result>;
  /** What PUT sends; by default the service's result without `created`. */
  reply?: (result: Result) => unknown;
}

export function registerConfigResourceRoutes<
  Params extends TObject,
  Input extends TSchema,
  Result extends { created: boolean },
>(app: HttpApp, resource: ConfigResource<Params, Input, Result>): void {
  const { path, param, params, access, view, tags, text, service } = resource;
  const item = `${path}/:${param}`;
  // The params schema validated the parameter before the handler runs.
  const id = (request: { params: unknown }): string =>
    (request.params as Record<string, string>)[param] as string;

  app.get(
    path,
    {
      config: { access: access.list ?? access.read },
      schema: {
        tags,
        ...text.list,
        response: {
          200: Type.Object({ [resource.listKey]: Type.Array(view) }),
          ...errorResponses,
        },
      },
    },
    async () => ({ [resource.listKey]: await service().list() }),
  );

  const getText = text.get;
  if (getText)
    app.get(
      item,
      {
        config: { access: access.read },
        schema: { tags, ...getText, params, response: { 200: view, ...errorResponses } },
      },
      async (request) => service().get?.(id(request)),
    );

  app.put(
    item,
    {
      config: { access: access.write },
      schema: {
        tags,
        ...text.put,
        params,
        body: resource.input,
        response: {
          200: resource.putReply.replaced,
          201: resource.putReply.created ?? resource.putReply.replaced,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const result = await service().put(request.actor, id(request), request.body as Static<Input>);
      const { created, ...rest } = result;
      return reply.status(created ? 201 : 200).send(resource.reply ? resource.reply(result) : rest);
    },
  );

  app.delete(
    item,
    {
      config: { access: access.write },
      schema: { tags, ...text.delete, params, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (request, reply) => {
      await service().remove(request.actor, id(request));
      return reply.status(204).send(null);
    },
  );
}
