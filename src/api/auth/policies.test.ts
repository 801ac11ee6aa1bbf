import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roles } from '../../store/index.ts';
import { allPermissions, isAllowed, policies, type Permission } from './policies.ts';

describe('role policies', () => {
  it('answers every role × permission pair from the table and nothing else', () => {
    for (const permission of allPermissions()) {
      const [resource, action] = permission.split(':') as [keyof typeof policies, string];
      const allowed = (policies[resource] as Record<string, readonly string[]>)[action]!;
      for (const role of roles)
        assert.equal(isAllowed(role, permission), allowed.includes(role), `${role} ${permission}`);
    }
  });

  it('keeps user management and the audit log with admins', () => {
    for (const role of ['supervisor', 'agent', 'qa'] as const) {
      for (const permission of [
        'users:create',
        'users:update',
        'users:reset-password',
        'audit:read',
      ] as Permission[]) {
        assert.equal(isAllowed(role, permission), false, `${role} ${permission}`);
      }
    }
    assert.equal(isAllowed('admin', 'users:create'), true);
  });

  it('denies unknown permissions', () => {
    assert.equal(isAllowed('admin', 'nothing:at-all' as Permission), false);
  });
});
