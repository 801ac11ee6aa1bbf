// Authentication and authorization: users, passwords, sessions, tokens, roles, audit.
import './auth-events.ts';
export * from './actor.ts';
export * from './audit-trail.ts';
export * from './auth-service.ts';
export * from './policies.ts';
export * from './user-service.ts';
export { generatePassword, hashPassword, verifyPassword } from './password.ts';
export { userStream } from './auth-events.ts';
