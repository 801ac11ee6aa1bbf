// A trunk's inbound side as the INVITE authenticator sees it, and the check that no carrier's
// digest username is also an extension (whose calls may go out: a clash would be toll fraud).
import type { TrunkPeer } from '../invite-authenticator.ts';
import type { Trunk } from './trunk.ts';

/** The addresses and digest credentials an INVITE from `trunk` is recognised by. */
export function inboundPeer(trunk: Trunk): TrunkPeer {
  const { addresses, username, password } = trunk.inbound;
  return {
    name: trunk.name,
    addresses: [...addresses],
    ...(username === undefined || password === undefined ? {} : { digest: { username, password } }),
  };
}

/**
 * One message per trunk whose inbound username is an extension's: the configuration must be
 * refused, since the same credentials cannot be both a carrier (calls in only) and a phone.
 */
export function inboundUsernameClashes(
  trunks: readonly Trunk[],
  isExtension: (extension: string) => boolean,
): string[] {
  return trunks.flatMap((trunk) => {
    const username = trunk.inbound.username;
    return username !== undefined && isExtension(username)
      ? [
          `sip.trunks "${trunk.name}": inbound.username "${username}" is also a SIP extension; give the trunk another username, or delete the extension`,
        ]
      : [];
  });
}
