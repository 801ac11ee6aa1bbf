// Call control for the API over the live call model and the ACD: the actions
// go to the CallController, "whose call is this" is the ACD's (an agent keeps
// their call through wrap-up), and the disposition codes are the stored
// list (api/config).
import type { CallControlPort } from '../api/index.ts';
import type { Acd, CallController } from '../callcenter/index.ts';

export function callControlPort(deps: {
  calls: () => CallController;
  acd: () => Acd;
  isExtension: (extension: string) => boolean;
  /** The codes agents close calls with: a getter follows the stored list as it changes. */
  dispositionCodes: readonly string[] | (() => readonly string[]);
  /** Whether an agent may place outside calls; without it nobody may (toll fraud). */
  mayDialOut?: (agentId: string) => boolean;
}): CallControlPort {
  const { dispositionCodes } = deps;
  return {
    answer: (callId, actor) => deps.calls().answer(callId, actor),
    hold: (callId, actor) => deps.calls().hold(callId, actor),
    resume: (callId, actor) => deps.calls().resume(callId, actor),
    hangup: (callId, actor) => deps.calls().hangup(callId, actor),
    sendDtmf: (callId, digits, actor) => deps.calls().sendDtmf(callId, digits, actor),
    transfer: (callId, target, actor) => deps.calls().transfer(callId, target, actor),
    consult: (callId, target, actor) => deps.calls().consult(callId, target, actor),
    completeTransfer: (callId, actor) => deps.calls().completeTransfer(callId, actor),
    cancelConsult: (callId, actor) => deps.calls().cancelConsult(callId, actor),
    conference: (callId, actor) => deps.calls().conference(callId, actor),
    dialOut: (agentId, number) => deps.calls().dialOut(agentId, number),
    mayDialOut: (agentId) => deps.mayDialOut?.(agentId) ?? false,
    monitor: (callId, extension, mode, actor) =>
      deps.calls().monitor(callId, extension, mode, actor),
    isLive: (callId) => deps.calls().call(callId) !== undefined,
    // The call they talk on or wrap up, or the one ringing them (the screen pop links it early).
    currentCallOf: (agentId) => {
      const agent = deps.acd().agents.get(agentId);
      return agent?.call?.callId ?? agent?.offer?.callId;
    },
    dispositionCodes: () =>
      typeof dispositionCodes === 'function' ? dispositionCodes() : dispositionCodes,
    isExtension: (extension) => deps.isExtension(extension),
  };
}
