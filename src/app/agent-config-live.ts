// Agent profiles and extensions reaching the running telephony: a profile's skills go to a
// logged-in agent in the ACD at once; the extensions list reads registrations from the location
// service and who is logged in where from the ACD; a deleted extension's phones are let go.
import type { AgentProfileLive, ExtensionLive } from '../api/index.ts';
import type { Acd } from '../callcenter/index.ts';
import { isHotlineError } from '../platform/index.ts';
import type { TelephonyRuntime } from './telephony.ts';

export function agentProfilesLive(telephony: TelephonyRuntime): AgentProfileLive {
  return {
    applySkills: (agentId, skills, by) => {
      const acd = runningAcd(telephony);
      if (!acd) return null;
      const agent = acd.agents.get(agentId);
      if (!agent || agent.state === 'logged-out') return 'at-login';
      const names = Object.keys(skills);
      if (
        names.length === agent.skills.size &&
        names.every((s) => agent.skills.get(s) === skills[s])
      )
        return 'unchanged';
      acd.agents.setSkills(agentId, skills, by);
      return 'now';
    },
  };
}

export function extensionsLive(telephony: TelephonyRuntime): ExtensionLive {
  const location = telephony.stack.location;
  return {
    contacts: (extension) => location.lookup(extension).length,
    agentOn: (extension) => runningAcd(telephony)?.registry.byExtension(extension)?.id,
    forget: (extension) => void location.removeAll(extension),
  };
}

function runningAcd(telephony: TelephonyRuntime): Acd | undefined {
  try {
    return telephony.acd;
  } catch (error) {
    if (isHotlineError(error, 'unavailable')) return undefined; // telephony not started
    throw error;
  }
}
