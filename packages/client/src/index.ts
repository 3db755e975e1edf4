export { createViasClient } from './client.js';
export type { ViasClient, ViasClientOptions } from './client.js';
export type { ViasAuth } from './auth.js';
export { signParts, signRequest } from '@vias-openapi/signer';
export type { AkSkCredentials, SignableParts, SignatureHeaders } from '@vias-openapi/signer';
export { ViasApiError, ViasError, ViasNetworkError, ViasTimeoutError } from './errors.js';
export { createdTaskIds } from './operations.js';
export type { CallOptions, OperationId, OperationInput, OperationMethods, OperationResult } from './operations.js';
export type { RetryOptions } from './retry.js';
export { isTerminalState, TERMINAL_STATES } from './states.js';
export type { WaitForTaskOptions } from './wait.js';
export type {
  CreateServiceTaskRequest,
  ErrorResponse,
  InferTaskDetail,
  ServiceTaskDetail,
  TaskDetail,
  TaskState,
  ViasPaths,
} from './types.js';
export type { components, operations, paths } from './generated/schema.js';
