// Media stream direction (RFC 4566 §6, RFC 3264 §5.1, §6.1): the four attributes and the answer rule.

export const directions = ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const;

export type Direction = (typeof directions)[number];

export function isDirection(value: unknown): value is Direction {
  return typeof value === 'string' && (directions as readonly string[]).includes(value);
}

export function directionOf(send: boolean, receive: boolean): Direction {
  if (send) return receive ? 'sendrecv' : 'sendonly';
  return receive ? 'recvonly' : 'inactive';
}

export function sends(direction: Direction): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

export function receives(direction: Direction): boolean {
  return direction === 'sendrecv' || direction === 'recvonly';
}

/** The same stream seen from the other end: what one side sends, the other receives. */
export function reverseDirection(direction: Direction): Direction {
  return directionOf(receives(direction), sends(direction));
}

/**
 * RFC 3264 §6.1: the answer's direction. We send only if the offerer will receive and we want to
 * send; we receive only if the offerer will send and we want to receive. So sendonly is answered
 * recvonly, recvonly sendonly, inactive inactive; sendrecv gets whatever we want.
 */
export function answerDirection(offered: Direction, wanted: Direction): Direction {
  return directionOf(receives(offered) && sends(wanted), sends(offered) && receives(wanted));
}

/** RFC 3264 §6.1: is `answered` a legal answer to `offered`? (It may not add a direction.) */
export function isAllowedAnswer(offered: Direction, answered: Direction): boolean {
  return (!sends(answered) || receives(offered)) && (!receives(answered) || sends(offered));
}

/** Our direction toward an answerer: what we offered, narrowed by what the answer allows. */
export function directionAfterAnswer(offered: Direction, answered: Direction): Direction {
  return directionOf(sends(offered) && receives(answered), receives(offered) && sends(answered));
}

/** Drops the receiving half: RFC 2543's c=0.0.0.0 says "send me nothing" (RFC 3264 §8.4). */
export function withoutReceiving(direction: Direction): Direction {
  return directionOf(sends(direction), false);
}
