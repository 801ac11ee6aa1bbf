// The composition root's public surface, for the CLI and end-to-end tests.
export { Hotline, type HotlineOptions } from './hotline.ts';
export {
  seedDemoCenter,
  seedDemoExtensions,
  demoUsers,
  type Credential,
  type SipCredential,
} from './demo-center.ts';
export { setExtensionPassword } from './extension-credentials.ts';
export { packageVersion } from './package-info.ts';
