// Mixer routing: each seat hears the others; listen is heard by none, whisper only by its targets, barge by all.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Mixer } from './mixer.ts';

function speak(mixer: Mixer, id: string, value: number, ts: number): void {
  mixer.seats.get(id)!.input.place(1, ts, new Int16Array(160).fill(value), 0, 160);
}

/** Runs ticks until the placed audio comes out (the seats' jitter delay); returns what each hears. */
function heard(mixer: Mixer): Record<string, number> {
  const result: Record<string, number> = {};
  for (let i = 0; i < 3; i++) mixer.tick();
  for (const [id, seat] of mixer.seats) result[id] = seat.audible ? seat.output[0]! : 0;
  return result;
}

describe('Mixer', () => {
  it('lets each of three parties hear the other two', () => {
    const mixer = new Mixer('m', 'c');
    for (const id of ['a', 'b', 'c']) mixer.seat(id, 'full');
    speak(mixer, 'a', 100, 0);
    speak(mixer, 'b', 20, 0);
    speak(mixer, 'c', 3, 0);
    assert.deepEqual(heard(mixer), { a: 23, b: 103, c: 120 });
  });

  it('routes listen, whisper and barge as the supervisor modes say', () => {
    const mixer = new Mixer('m', 'c');
    mixer.seat('customer', 'full');
    mixer.seat('agent', 'full');
    mixer.seat('supervisor', 'listen');
    const talk = () => {
      speak(mixer, 'customer', 100, 0);
      speak(mixer, 'agent', 20, 0);
      speak(mixer, 'supervisor', 3, 0);
    };
    talk();
    assert.deepEqual(heard(mixer), { customer: 20, agent: 100, supervisor: 120 }, 'listen');
    mixer.seat('supervisor', 'whisper', ['agent']);
    talk();
    assert.deepEqual(heard(mixer), { customer: 20, agent: 103, supervisor: 120 }, 'whisper');
    mixer.seat('supervisor', 'barge');
    talk();
    assert.deepEqual(heard(mixer), { customer: 23, agent: 103, supervisor: 120 }, 'barge');
  });

  it('clips sums beyond 16 bits and is silent for seats nobody feeds', () => {
    const mixer = new Mixer('m', 'c');
    for (const id of ['a', 'b', 'c']) mixer.seat(id, 'full');
    speak(mixer, 'a', 30000, 0);
    speak(mixer, 'b', 30000, 0);
    const result = heard(mixer);
    assert.equal(result.c, 32767);
    assert.equal(result.a, 30000);
    mixer.unseat('b');
    assert.deepEqual(heard(mixer), { a: 0, c: 0 });
  });
});
