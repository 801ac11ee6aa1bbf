// The composition root's public surface, for the CLI and end-to-end tests.
export { Hotline, type HotlineOptions } from './hotline.ts';
export {
  seedDemoCenter,
  seedDemoExtensions,
  seedDemoFlow,
  seedDemoAgentProfiles,
  demoUsers,
  DEMO_FLOW,
  DEMO_HOTLINE_NUMBER,
  type Credential,
  type SipCredential,
} from './demo-center.ts';
export { setExtensionPassword } from './extension-credentials.ts';
export { packageVersion } from './package-info.ts';
