export * from './error-codes.js';
export * from './api-types.js';
export * from './audit-actions.js';
export * from './limits.js';
export * from './people.js';
export * from './requests.js';
export * from './restrictions.js';
export * from './teams-and-sessions.js';
