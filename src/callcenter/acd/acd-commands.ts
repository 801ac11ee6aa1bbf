// The ACD's boundary with the call model: commands out (through the injected dispatch) and the
// enqueue request and result. No SIP words: the call model turns these into legs.
import type { SkillRequirement } from '../agents/index.ts';
import type { QueueTarget } from './queue-config.ts';

export type AcdCommand =
  /** Ring the agent's device for the call; the ACD's own timer ends the ring at ringTimeoutMs. */
  | {
      type: 'offer';
      callId: string;
      queue: string;
      agentId: string;
      extension: string;
      ringTimeoutMs: number;
    }
  /** Stop ringing the agent for the call (their leg, if any, is to be dropped). */
  | {
      type: 'cancel-offer';
      callId: string;
      agentId: string;
      extension: string;
      reason: 'answered-elsewhere' | 'ring-timeout' | 'call-left' | 'agent-left' | 'reconciler';
    }
  /** Tell the waiting caller where they stand. Null fields: not announced (or not known). */
  | {
      type: 'announce';
      callId: string;
      queue: string;
      position: number | null;
      ewtSeconds: number | null;
    }
  /** Take the call out of the queue to voicemail, a callback or another flow. */
  | {
      type: 'leave';
      callId: string;
      queue: string;
      reason: 'max-wait' | 'escalation';
      to: QueueTarget;
    }
  /**
   * Call the customer back for a callback whose place reached the front: the agent's leg first
   * (ring it up to agentRingTimeoutMs), then the customer's (up to customerRingTimeoutMs).
   */
  | {
      type: 'callback';
      callId: string;
      queue: string;
      agentId: string;
      extension: string;
      number: string;
      attempt: number;
      agentRingTimeoutMs: number;
      customerRingTimeoutMs: number;
    };

export interface EnqueueRequest {
  callId: string;
  queue: string;
  /** 0–100, higher first (the IVR's queue node). */
  priority?: number;
  /** The call's own requirements, on top of the queue's (e.g. a language). */
  skills?: SkillRequirement[];
  /** The agent who served this customer last: preferred within the queue's sticky wait. */
  lastAgentId?: string;
  /** The caller's number, for a callback the queue's escalation may turn the call into. */
  callerNumber?: string;
}

export type EnqueueResult =
  | {
      accepted: true;
      /** 1-based place in line; 0 when an agent is already ringing. */
      position: number;
      ewtSeconds: number | null;
      musicOnHold: string | null;
    }
  | {
      accepted: false;
      reason: 'queue-full';
      /** Where to send the caller instead. */
      overflow: QueueTarget;
      message: string;
    };

export type CallbackProgress =
  | 'agent-answered'
  | 'agent-no-answer'
  | 'customer-answered'
  | 'customer-no-answer'
  | 'customer-busy';
