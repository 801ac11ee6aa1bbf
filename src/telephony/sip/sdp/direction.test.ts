import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answerDirection,
  directionAfterAnswer,
  directions,
  isAllowedAnswer,
  reverseDirection,
  withoutReceiving,
} from './direction.ts';
import type { Direction } from './direction.ts';

describe('direction', () => {
  it('answers per RFC 3264 §6.1 when we want sendrecv', () => {
    assert.equal(answerDirection('sendrecv', 'sendrecv'), 'sendrecv');
    assert.equal(answerDirection('sendonly', 'sendrecv'), 'recvonly');
    assert.equal(answerDirection('recvonly', 'sendrecv'), 'sendonly');
    assert.equal(answerDirection('inactive', 'sendrecv'), 'inactive');
  });

  it('keeps our own hold in the answer', () => {
    assert.equal(answerDirection('sendrecv', 'sendonly'), 'sendonly');
    assert.equal(answerDirection('sendonly', 'sendonly'), 'inactive');
    assert.equal(answerDirection('sendrecv', 'inactive'), 'inactive');
  });

  it('always produces an answer RFC 3264 §6.1 allows, for every offer and wish', () => {
    for (const offered of directions) {
      for (const wanted of directions) {
        assert.ok(
          isAllowedAnswer(offered, answerDirection(offered, wanted)),
          `${offered}/${wanted}`,
        );
      }
    }
  });

  it('knows which answers are legal', () => {
    const legal: Record<Direction, Direction[]> = {
      sendrecv: ['sendrecv', 'sendonly', 'recvonly', 'inactive'],
      sendonly: ['recvonly', 'inactive'],
      recvonly: ['sendonly', 'inactive'],
      inactive: ['inactive'],
    };
    for (const offered of directions) {
      for (const answered of directions) {
        assert.equal(isAllowedAnswer(offered, answered), legal[offered].includes(answered));
      }
    }
  });

  it('narrows our direction by the answer, even an illegal one', () => {
    assert.equal(directionAfterAnswer('sendrecv', 'recvonly'), 'sendonly');
    assert.equal(directionAfterAnswer('sendonly', 'recvonly'), 'sendonly');
    assert.equal(directionAfterAnswer('sendonly', 'sendrecv'), 'sendonly');
    assert.equal(directionAfterAnswer('inactive', 'sendrecv'), 'inactive');
  });

  it('reverses and drops halves', () => {
    assert.equal(reverseDirection('sendonly'), 'recvonly');
    assert.equal(reverseDirection('sendrecv'), 'sendrecv');
    assert.equal(withoutReceiving('sendrecv'), 'sendonly');
    assert.equal(withoutReceiving('recvonly'), 'inactive');
  });
});
