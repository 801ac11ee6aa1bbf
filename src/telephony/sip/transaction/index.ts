// The SIP transaction layer's public surface (RFC 3261 §17, RFC 6026): the layer, its four transactions, the TU interface and the UAS 2xx retransmitter.
export {
  TransactionLayer,
  type CancelOutcome,
  type SendRequestOptions,
  type TransactionLayerOptions,
} from './transaction-layer.ts';
export type {
  ClientTransaction,
  ClientTransactionUser,
  ServerTransaction,
  Transaction,
  TransactionUser,
} from './transaction-user.ts';
export {
  InviteClientTransaction,
  inviteClientStates,
  type InviteClientEvent,
  type InviteClientState,
} from './invite-client-transaction.ts';
export {
  NonInviteClientTransaction,
  nonInviteClientStates,
  type NonInviteClientEvent,
  type NonInviteClientState,
} from './non-invite-client-transaction.ts';
export {
  InviteServerTransaction,
  inviteServerStates,
  type InviteServerEvent,
  type InviteServerState,
} from './invite-server-transaction.ts';
export {
  NonInviteServerTransaction,
  nonInviteServerStates,
  type NonInviteServerEvent,
  type NonInviteServerState,
} from './non-invite-server-transaction.ts';
export {
  Retransmit2xx,
  type Retransmit2xxOptions,
  type Retransmit2xxState,
} from './retransmit-2xx.ts';
export {
  defaultTimerSettings,
  timerDurations,
  type TimerDurations,
  type TimerSettings,
} from './transaction-timers.ts';
export { TransactionOverloadError, TransactionStateError } from './transaction-errors.ts';
export { newBranch, newTag, randomHex } from './transaction-ids.ts';
