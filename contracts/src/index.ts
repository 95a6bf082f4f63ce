export * from './error-codes.js';
export * from './api-types.js';
