import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHotlineError } from '../../platform/index.ts';
import { TEST_KNOWN } from './ivr-test-kit.ts';
import { parseFlow, validateFlow } from './validate-flow.ts';
import type { FlowError } from './flow-graph.ts';

function flow(nodes: Record<string, unknown>, start = 'a'): Record<string, unknown> {
  return { schemaVersion: 1, name: 'test', start, nodes };
}

function errorsOf(doc: unknown): FlowError[] {
  const result = validateFlow(doc, TEST_KNOWN);
  assert.equal(result.ok, false, 'the flow should be refused');
  return result.ok ? [] : result.errors;
}

/** Asserts one error names this node and field, with a message matching. */
function hasError(errors: FlowError[], field: string, message: RegExp): void {
  const found = errors.find((e) => e.field === field);
  assert.ok(found, `no error on ${field}; got ${JSON.stringify(errors)}`);
  assert.match(found.message, message);
  const node = /^nodes\.([^.]+)/.exec(field)?.[1];
  assert.equal(found.node, node);
}

const bye = { type: 'hangup', prompt: [{ prompt: 'goodbye' }] };

describe('validateFlow accepts', () => {
  it('a small valid flow and returns it typed', () => {
    const result = validateFlow(
      flow({
        a: {
          type: 'play',
          prompts: [{ prompt: 'welcome' }, { tts: 'hi {{caller.number}}' }],
          next: 'b',
        },
        b: bye,
      }),
      TEST_KNOWN,
    );
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.flow.nodes.a?.type, 'play');
  });

  it('a loop through a menu that has an exit', () => {
    const result = validateFlow(
      flow({
        a: {
          type: 'menu',
          prompt: [{ prompt: 'main-menu' }],
          options: { '1': 'b', '2': 'z' },
          invalid: 'z',
          noInput: 'z',
        },
        b: { type: 'set', vars: { x: '1' }, next: 'a' },
        z: bye,
      }),
      TEST_KNOWN,
    );
    assert.ok(result.ok, JSON.stringify(result));
  });
});

describe('validateFlow refuses, naming node and field', () => {
  it('a wrong field type', () => {
    const errors = errorsOf(
      flow({
        a: {
          type: 'menu',
          prompt: [{ prompt: 'main-menu' }],
          options: { '1': 'b' },
          timeoutMs: 'soon',
        },
        b: bye,
      }),
    );
    hasError(errors, 'nodes.a.timeoutMs', /expected an integer/);
  });

  it('a missing required field, an unknown field, a bad option key', () => {
    const errors = errorsOf(
      flow({ a: { type: 'menu', options: { '1': 'b', '12': 'b' }, colour: 'red' }, b: bye }),
    );
    hasError(errors, 'nodes.a.prompt', /is required/);
    hasError(errors, 'nodes.a.colour', /not a known field/);
    hasError(errors, 'nodes.a.options.12', /one DTMF key/);
  });

  it("a queue skill level above the agents' highest level (5)", () => {
    const errors = errorsOf(
      flow({ a: { type: 'queue', queue: 'flights', skills: [{ skill: 'vip', minLevel: 6 }] } }),
    );
    hasError(errors, 'nodes.a.skills.0.minLevel', /integer from 1 to 5/);
  });

  it('an exit to a missing node', () => {
    const errors = errorsOf(
      flow({ a: { type: 'menu', prompt: [{ prompt: 'main-menu' }], options: { '1': 'nowhere' } } }),
    );
    hasError(errors, 'nodes.a.options.1', /no node "nowhere"/);
  });

  it('a start node that does not exist', () => {
    const errors = errorsOf(flow({ b: bye }, 'a'));
    hasError(errors, 'start', /no node "a"/);
  });

  it('unknown prompt, queue, flow and lookup names', () => {
    const errors = errorsOf(
      flow({
        a: {
          type: 'play',
          prompts: [{ prompt: 'welcome' }, { prompt: 'no-such-prompt' }],
          next: 'b',
        },
        b: { type: 'lookup', lookup: 'no-such-lookup', next: 'c', fallback: 'c' },
        c: {
          type: 'branch',
          rules: [{ when: [{ subject: '{{vars.x}}', op: 'equals', value: '1' }], next: 'd' }],
          otherwise: 'e',
        },
        d: { type: 'queue', queue: 'no-such-queue' },
        e: { type: 'transfer', flow: 'no-such-flow' },
      }),
    );
    hasError(errors, 'nodes.a.prompts.1.prompt', /unknown prompt "no-such-prompt"/);
    hasError(errors, 'nodes.b.lookup', /unknown lookup "no-such-lookup"/);
    hasError(errors, 'nodes.d.queue', /unknown queue "no-such-queue"/);
    hasError(errors, 'nodes.e.flow', /unknown flow "no-such-flow"/);
  });

  it('an unreachable node', () => {
    const errors = errorsOf(
      flow({
        a: { type: 'play', prompts: [{ prompt: 'welcome' }], next: 'b' },
        b: bye,
        orphan: bye,
      }),
    );
    hasError(errors, 'nodes.orphan', /not reachable/);
  });

  it('a loop without an exit', () => {
    const errors = errorsOf(
      flow({
        a: { type: 'play', prompts: [{ prompt: 'welcome' }], next: 'b' },
        b: { type: 'play', prompts: [{ prompt: 'please-hold' }], next: 'a' },
      }),
    );
    hasError(errors, 'nodes.a', /never reaches an end/);
    hasError(errors, 'nodes.b', /never reaches an end/);
  });

  it('a loop that waits for nothing, even with an exit', () => {
    const errors = errorsOf(
      flow({
        a: { type: 'set', vars: { n: '1' }, next: 'b' },
        b: {
          type: 'branch',
          rules: [{ when: [{ subject: '{{vars.done}}', op: 'equals', value: 'yes' }], next: 'z' }],
          otherwise: 'a',
        },
        z: bye,
      }),
    );
    hasError(errors, 'nodes.a', /loop a → b → a waits for nothing/);
  });

  it('an unknown node type', () => {
    const errors = errorsOf(flow({ a: { type: 'dance', next: 'b' }, b: bye }));
    hasError(errors, 'nodes.a.type', /unknown node type "dance"; expected one of play, menu/);
  });

  it('a node that is not an object, a bad node id, a wrong version', () => {
    hasError(errorsOf(flow({ a: 'play' })), 'nodes.a', /expected an object/);
    hasError(errorsOf(flow({ a: bye, '1bad': bye })), 'nodes.1bad', /not an allowed key/);
    hasError(errorsOf({ ...flow({ a: bye }), schemaVersion: 2 }), 'schemaVersion', /must be 1/);
    assert.deepEqual(errorsOf([]), [{ field: '', message: 'a flow must be a JSON object' }]);
  });

  it('semantic problems the schema cannot see', () => {
    const errors = errorsOf(
      flow({
        a: {
          type: 'collect',
          prompt: [{ prompt: 'enter-flight-number', tts: 'both' }],
          var: 'bad name',
          minDigits: 5,
          maxDigits: 4,
          pattern: '([0-9]',
          next: 'b',
        },
        b: {
          type: 'schedule',
          timeZone: 'Mars/Olympus',
          hours: { mon: [{ from: '18:00', to: '09:00' }] },
          open: 'c',
          closed: 'c',
        },
        c: {
          type: 'say',
          kind: 'time',
          value: '{{vars.t}}',
          before: [{ say: 'number' }],
          next: 'd',
        },
        d: { type: 'transfer', extension: '1001', number: '010' },
      }),
    );
    hasError(errors, 'nodes.a.prompt.0', /give only one of prompt, tts/);
    hasError(errors, 'nodes.a.var', /variable name/);
    hasError(errors, 'nodes.a.minDigits', /must not exceed maxDigits/);
    hasError(errors, 'nodes.a.pattern', /not a valid regular expression/);
    hasError(errors, 'nodes.b.timeZone', /unknown time zone "Mars\/Olympus"/);
    hasError(errors, 'nodes.b.hours.mon.0.to', /must be after from/);
    hasError(errors, 'nodes.c.before.0.value', /required with say/);
    hasError(errors, 'nodes.d.number', /only one of extension, number/);
  });

  it('branch tests without what their op needs', () => {
    const errors = errorsOf(
      flow({
        a: {
          type: 'branch',
          rules: [
            { when: [{ subject: '{{vars.x}}', op: 'gt', value: 'ten' }], next: 'b' },
            { when: [{ subject: '{{vars.x}}', op: 'in' }], next: 'b' },
            { when: [{ op: 'empty' }], next: 'b' },
          ],
          otherwise: 'b',
        },
        b: bye,
      }),
    );
    hasError(errors, 'nodes.a.rules.0.when.0.value', /must be a number/);
    hasError(errors, 'nodes.a.rules.1.when.0.values', /is required with op in/);
    hasError(errors, 'nodes.a.rules.2.when.0.subject', /is required/);
    // Schema errors come first: a node's semantic checks only run once its fields have the right types.
    const days = errorsOf(
      flow({
        a: {
          type: 'branch',
          rules: [
            {
              when: [{ time: { from: '09:00', to: '18:00', days: ['mon', 'someday'] } }],
              next: 'b',
            },
          ],
          otherwise: 'b',
        },
        b: bye,
      }),
    );
    hasError(days, 'nodes.a.rules.0.when.0.time.days.1', /expected one of "mon"/);
  });

  it('templates that name nothing', () => {
    const errors = errorsOf(
      flow({
        a: {
          type: 'play',
          prompts: [{ tts: 'hello {{caller.name}} {{vars.ok}}' }, { tts: 'oops {{vars.x' }],
          next: 'b',
        },
        b: bye,
      }),
    );
    hasError(errors, 'nodes.a.prompts.0.tts', /unknown template \{\{caller\.name\}\}/);
    hasError(errors, 'nodes.a.prompts.1.tts', /unclosed/);
  });

  it('parseFlow throws an invalid-input HotlineError naming the first field', () => {
    assert.throws(
      () => parseFlow(flow({ a: { type: 'queue', queue: 'nope' } }), TEST_KNOWN),
      (error: unknown) =>
        isHotlineError(error, 'invalid-input') &&
        error.field === 'nodes.a.queue' &&
        /nodes\.a\.queue: unknown queue "nope"/.test(error.message),
    );
  });
});
