// The SIP dialog layer's public surface (RFC 3261 §12-15, RFC 4028, RFC 3311, RFC 3515): dialogs, INVITE sessions (B2BUA legs) and the layer that files them.
export {
  ALLOWED_METHODS,
  DialogLayer,
  type DialogLayerEvents,
  type DialogLayerOptions,
  type DialogStack,
} from './dialog-layer.ts';
export type { OutboundInvite } from './outbound-invite.ts';
export { authorizedRetry } from './auth-retry.ts';
export { InviteSession } from './invite-session.ts';
export { UasInviteSession } from './uas-invite-session.ts';
export { UacInviteSession } from './uac-invite-session.ts';
export {
  causeOfStatus,
  endCauses,
  type EndCause,
  type HeaderList,
  type InfoReceived,
  type InviteSessionEvents,
  type ReferNotifier,
  type ReferReceived,
  type RemoteOffer,
  type SessionEnded,
} from './session-events.ts';
export {
  sessionEvents,
  sessionStates,
  uacSessionTransitions,
  uasSessionTransitions,
  type SessionEvent,
  type SessionState,
} from './session-state.ts';
export { glareBackoffMs, type LocalSdp, type OfferOutcome } from './local-offers.ts';
export { Dialog, contactUri, type DialogInit } from './dialog.ts';
export { dialogIdOfRequest, dialogKey, type DialogId } from './dialog-id.ts';
export {
  dialogEvents,
  dialogStates,
  dialogTransitions,
  type DialogEvent,
  type DialogState,
} from './dialog-state.ts';
export { routeSetOf, startsWithStrictRouter, type RouteEntry } from './route-set.ts';
export {
  createAck,
  createInDialogRequest,
  type InDialogRequestOptions,
} from './in-dialog-request.ts';
export { flowFirstResolver, peerFromUri, type NextHop, type NextHopResolver } from './next-hop.ts';
export {
  ABSOLUTE_MIN_SE,
  defaultSessionTimerSettings,
  negotiateAsUas,
  parseMinSE,
  parseSessionExpires,
  timerFromResponse,
  type SessionTimerSettings,
  type UasTimerDecision,
} from './session-expires.ts';
export { DTMF, DTMF_RELAY, dtmfRelayBody, parseDtmfInfo, type DtmfInfo } from './dtmf-info.ts';
export { parseReferTo, parseReplaces, type Replaces } from './refer-to.ts';
export { referToValue, type ReferOptions } from './refer-client.ts';
export {
  ReferSubscription,
  type ReferEndReason,
  type ReferSubscriptionEvents,
  type ReferSubscriptionState,
} from './refer-subscription.ts';
export { parseSipfrag, sipfragBody } from './sipfrag.ts';
export { remoteHoldOf } from './remote-hold.ts';
export { TALK_EVENT, offersTalk, type TalkOutcome } from './talk-event.ts';
export { offerAnswerPhases, type OfferAnswerPhaseState } from './offer-answer-phase.ts';
