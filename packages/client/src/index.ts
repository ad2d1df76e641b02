export { createGatewayClient, ok } from './client.js';
export type { GatewayClient, GatewayClientOptions, GatewayCredentials } from './client.js';
export { GatewayHttpError, GatewayProblem, retryAfterSeconds } from './problem.js';
export type { Problem, ProblemCode } from './problem.js';
export type { RetryOptions } from './retry.js';
export type { components, operations, paths } from './schema.js';
