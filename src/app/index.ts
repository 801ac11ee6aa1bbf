// The composition root's public surface, for the CLI and end-to-end tests.
export { Hotline, type HotlineOptions } from './hotline.ts';
export { seedDemoCenter, demoUsers, type Credential } from './demo-center.ts';
export { packageVersion } from './package-info.ts';
