// The live CTI feed (/api/v1/cti/ws) as React state: a snapshot on connect,
// then event frames folded in; after a drop it reconnects with the last seq
// seen, so nothing is lost or applied twice.
import { useEffect, useRef, useState } from 'react';
import type { CtiServerMessage } from '../../../src/api/cti/cti-events.ts';
import {
  applyCtiEvent,
  applyTelephonyHealth,
  emptyCti,
  fromSnapshot,
  type CtiEvent,
  type CtiState,
} from './cti-state.ts';

export type {
  CtiAgent,
  CtiCall,
  CtiEvent,
  CtiQueueFigures,
  CtiSnapshot,
  CtiState,
  TelephonyHealth,
} from './cti-state.ts';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'unavailable';

export interface Cti {
  state: CtiState;
  status: LiveStatus;
}

/**
 * Connects while mounted; reconnects with backoff, resuming after the last seq. `onEvents` sees
 * every event frame as it arrives (the latest callback is used; none is skipped by batching).
 */
export function useCti(onEvents?: (events: readonly CtiEvent[]) => void): Cti {
  const [cti, setCti] = useState<Cti>({ state: emptyCti, status: 'connecting' });
  const listener = useRef(onEvents);
  listener.current = onEvents;

  useEffect(() => {
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let stopped = false;
    let seq: number | undefined;
    const connect = () => {
      const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/cti/ws`;
      socket = new WebSocket(seq === undefined ? base : `${base}?after=${seq}`);
      socket.onmessage = (frame) => {
        const message = JSON.parse(String(frame.data)) as CtiServerMessage;
        if (message.type === 'hello') {
          attempts = 0;
          setCti((c) => ({ ...c, status: 'live' }));
        } else if (message.type === 'snapshot') {
          seq = message.snapshot.seq;
          setCti({ state: fromSnapshot(message.snapshot), status: 'live' });
        } else if (message.type === 'events') {
          seq = message.seq;
          setCti((c) => ({ status: 'live', state: message.events.reduce(applyCtiEvent, c.state) }));
          listener.current?.(message.events);
        } else if (message.type === 'telephony.health') {
          setCti((c) => ({ ...c, state: applyTelephonyHealth(c.state, message.health) }));
        } else if (message.type === 'error' && message.error.code === 'unavailable') {
          setCti((c) => ({ ...c, status: 'unavailable' }));
        }
      };
      socket.onclose = (close) => {
        if (stopped) return;
        setCti((c) => (c.status === 'unavailable' ? c : { ...c, status: 'reconnecting' }));
        // 4401: the session ended (the shell notices at the next request); back off further.
        const delay = Math.min(10_000, 500 * 2 ** attempts++) * (close.code === 4401 ? 4 : 1);
        retry = setTimeout(connect, delay);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, []);

  return cti;
}
