// The call model's public surface (so far: the basic router).
export { BasicCallRouter, type BasicRouterOptions } from './basic-call-router.ts';
