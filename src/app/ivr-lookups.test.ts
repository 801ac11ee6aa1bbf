import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { LookupRegistry, demoFlightStatus } from './ivr-lookups.ts';

describe('IVR lookups', () => {
  let server: Server;
  let base: string;
  const received: unknown[] = [];

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body));
        if (req.url === '/booking') {
          res.setHeader('content-type', 'application/json');
          res.end(
            JSON.stringify({ found: true, status: '已出票', amount: 1280.5, nested: { x: 1 } }),
          );
        } else if (req.url === '/slow') {
          setTimeout(() => res.end('{}'), 2000).unref();
        } else if (req.url === '/array') {
          res.end('[1,2]');
        } else {
          res.statusCode = 500;
          res.end('{}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const call = (registry: LookupRegistry, name: string, timeoutMs = 1000) =>
    registry.call(name, { booking: 'HX123' }, { timeoutMs, signal: new AbortController().signal });

  it('posts the parameters to a webhook and keeps the flat values of its answer', async () => {
    const registry = new LookupRegistry().webhook('booking-status', `${base}/booking`);
    assert.deepEqual(await call(registry, 'booking-status'), {
      found: true,
      status: '已出票',
      amount: 1280.5,
    });
    assert.deepEqual(received.at(-1), { booking: 'HX123' });
  });

  it('fails (so the flow falls back) on a timeout, an error status or a non-object answer', async () => {
    const registry = new LookupRegistry()
      .webhook('slow', `${base}/slow`)
      .webhook('broken', `${base}/broken`)
      .webhook('array', `${base}/array`);
    await assert.rejects(call(registry, 'slow', 100), /abort|timeout/i);
    await assert.rejects(call(registry, 'broken'), /answered 500/);
    await assert.rejects(call(registry, 'array'), /not a JSON object/);
    await assert.rejects(call(registry, 'missing'), /No lookup named "missing"/);
  });

  it('reads demo flights in the caller language and reports unknown ones as not found', async () => {
    const signal = new AbortController().signal;
    assert.deepEqual(await demoFlightStatus({ flight: 'mu5101', language: 'en' }, signal), {
      found: true,
      flight: 'MU5101',
      status: 'on time and boarding',
      departureTime: '08:00',
      gate: 'A12',
    });
    assert.equal((await demoFlightStatus({ flight: 'MU5101' }, signal)).status, '准点，正在登机');
    assert.deepEqual(await demoFlightStatus({ flight: 'MU9999' }, signal), {
      found: false,
      flight: 'MU9999',
    });
  });
});
