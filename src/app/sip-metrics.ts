// SIP figures for Prometheus: requests refused with 503 for overload, by method and reason, and
// the INVITEs waiting for their answer now (what HOTLINE_SIP_MAX_PENDING_INVITES limits).
import { Counter, Gauge, type Registry } from 'prom-client';
import { overloadReasons, type SipStack } from '../telephony/index.ts';

/** Methods named in the labels; any other (a refusal under the transaction limit) is "other". */
const LABELLED_METHODS = new Set(['INVITE', 'OPTIONS', 'REGISTER', 'SUBSCRIBE', 'MESSAGE']);

export function installSipMetrics(registry: Registry, stack: SipStack): void {
  const refusals = new Counter({
    name: 'hotline_sip_overload_refusals_total',
    help: 'SIP requests refused with 503 for overload, by method and reason (pending-invites, media, transactions).',
    labelNames: ['method', 'reason'] as const,
    registers: [registry],
  });
  // Every new-call series exists from the start, so a rate() over it sees the first refusal.
  for (const reason of overloadReasons) refusals.inc({ method: 'INVITE', reason }, 0);
  stack.on('overload', ({ method, reason }) =>
    refusals.inc({ method: LABELLED_METHODS.has(method) ? method : 'other', reason }),
  );
  new Gauge({
    name: 'hotline_sip_pending_invites',
    help: 'New calls (INVITEs outside a dialog) waiting for a final response now.',
    registers: [registry],
    collect() {
      this.set(stack.transactions.pendingInvites);
    },
  });
}
