import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTemplate, templateProblems, type TemplateScope } from './templates.ts';

const scope: TemplateScope = {
  vars: { flight: 'MU5101', 'status.found': true, count: 3 },
  caller: { number: '13800138000' },
  call: { callId: 'c1', dialed: '4008001000' },
  language: 'en',
};

describe('renderTemplate', () => {
  it('fills variables, caller and call data; unset variables are empty', () => {
    assert.equal(
      renderTemplate(
        '{{vars.flight}}/{{ vars.status.found }}/{{vars.count}}/{{vars.none}}/{{caller.number}}/{{call.dialed}}/{{call.callId}}/{{language}}',
        scope,
      ),
      'MU5101/true/3//13800138000/4008001000/c1/en',
    );
  });
  it('leaves text without templates alone', () => {
    assert.equal(renderTemplate('a {b} c', scope), 'a {b} c');
  });
});

describe('templateProblems', () => {
  it('accepts the known names', () => {
    assert.deepEqual(templateProblems('{{vars.a.b}} {{caller.number}} {{language}}', 'f'), []);
  });
  it('names the field of an unknown name or a broken brace', () => {
    assert.match(
      templateProblems('{{caller.name}}', 'f')[0]!.message,
      /unknown template \{\{caller\.name\}\}/,
    );
    assert.match(templateProblems('{{vars.}}', 'f')[0]!.message, /unknown template/);
    assert.equal(templateProblems('x {{vars.a', 'nodes.a.tts')[0]!.field, 'nodes.a.tts');
  });
});
