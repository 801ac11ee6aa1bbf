// The ordered list of migrations. Append only: a released migration never changes.
import type { Migration } from 'kysely';
import { migrationContext } from './migration-context.ts';
import * as foundation from './0001-foundation.ts';
import * as sipExtensions from './0002-sip-extensions.ts';
import * as callsAndFlows from './0003-calls-and-flows.ts';
import * as callRecordAgent from './0004-call-record-agent.ts';
import * as customers from './0005-customers.ts';
import * as webhooks from './0006-webhooks.ts';
import * as configuration from './0007-configuration.ts';
import * as agentProfiles from './0008-agent-profiles.ts';
import * as trunks from './0009-trunks.ts';
import * as schedules from './0010-schedules.ts';
import * as agentAutoAnswer from './0011-agent-auto-answer.ts';

export function migrations(engine: 'sqlite' | 'postgres'): Record<string, Migration> {
  const ctx = migrationContext(engine);
  return {
    '0001-foundation': { up: (db) => foundation.up(db, ctx), down: foundation.down },
    '0002-sip-extensions': { up: (db) => sipExtensions.up(db, ctx), down: sipExtensions.down },
    '0003-calls-and-flows': { up: (db) => callsAndFlows.up(db, ctx), down: callsAndFlows.down },
    '0004-call-record-agent': { up: callRecordAgent.up, down: callRecordAgent.down },
    '0005-customers': { up: (db) => customers.up(db, ctx), down: customers.down },
    '0006-webhooks': { up: (db) => webhooks.up(db, ctx), down: webhooks.down },
    '0007-configuration': { up: (db) => configuration.up(db, ctx), down: configuration.down },
    '0008-agent-profiles': { up: (db) => agentProfiles.up(db, ctx), down: agentProfiles.down },
    '0009-trunks': { up: (db) => trunks.up(db, ctx), down: trunks.down },
    '0010-schedules': { up: (db) => schedules.up(db, ctx), down: schedules.down },
    '0011-agent-auto-answer': { up: agentAutoAnswer.up, down: agentAutoAnswer.down },
  };
}
