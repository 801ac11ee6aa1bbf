// IVR administration: flows with versions, publishing, and dialed numbers.
export { FlowService, FlowRejected, type FlowSummary } from './flow-service.ts';
