// Who is calling: the customer directory's answer for the caller's number,
// asked when the call arrives and awaited by nobody — the IVR runs meanwhile,
// and by the time the caller joins a queue the match (the tier's extra
// priority, the agent who served them last) is known. Several candidates (a shared family number) attach none.

export interface CallerCandidate {
  id: string;
  name: string;
  tier: string;
  /** The agent who last talked with this customer: the ACD prefers them for a while (sticky). */
  lastAgentId?: string;
}

export type CallerLookup = (e164: string) => Promise<{ customers: CallerCandidate[] }>;

/** Extra queue priority by customer tier: the demo center's, until tiers are managed data. */
export const defaultTierPriority: Readonly<Record<string, number>> = {
  platinum: 3,
  gold: 2,
  silver: 1,
};
