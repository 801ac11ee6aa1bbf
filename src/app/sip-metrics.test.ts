// The SIP figures on /metrics: overload refusals by method and reason, and the pending INVITEs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { TypedEmitter } from '../platform/index.ts';
import type { SipStack, SipStackEvents } from '../telephony/index.ts';
import { installSipMetrics } from './sip-metrics.ts';

describe('installSipMetrics', () => {
  it('counts each 503 for overload by method and reason, and reads the pending INVITEs', async () => {
    const stack = Object.assign(new TypedEmitter<SipStackEvents>(), {
      transactions: { pendingInvites: 3 },
    });
    const registry = new Registry();
    installSipMetrics(registry, stack as unknown as SipStack);
    const source = '192.0.2.7';
    stack.emit('overload', { method: 'INVITE', source, reason: 'pending-invites' });
    stack.emit('overload', { method: 'INVITE', source, reason: 'pending-invites' });
    stack.emit('overload', { method: 'OPTIONS', source, reason: 'media' });
    stack.emit('overload', { method: 'X-ANYTHING', source, reason: 'transactions' });
    const text = await registry.metrics();
    const value = (labels: string) =>
      text
        .split('\n')
        .find((l) => l.startsWith(`hotline_sip_overload_refusals_total{${labels}}`))
        ?.split(' ')
        .at(-1);
    assert.equal(value('method="INVITE",reason="pending-invites"'), '2');
    assert.equal(value('method="INVITE",reason="media"'), '0', 'every new-call series exists');
    assert.equal(value('method="OPTIONS",reason="media"'), '1');
    assert.equal(value('method="other",reason="transactions"'), '1', 'methods stay a small set');
    assert.match(text, /^hotline_sip_pending_invites 3$/m);
  });
});
