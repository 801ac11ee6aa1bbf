// The load benchmark's agents: agent1001… on extensions 1001…, as the demo center names its
// ten, and the SIP password the bench gives each extension (through the API) and its phone.

/** The extension of the bench's agent number `index` (0-based); the agent is `agent<extension>`. */
export const agentExtension = (index: number): string => String(1001 + index);

/** The SIP password of a bench extension. */
export const extensionPassword = (extension: string): string => `load-${extension}-secret`;
