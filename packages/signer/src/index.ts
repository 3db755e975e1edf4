export { signParts, signRequest } from './sign.js';
export type { AkSkCredentials, SignableParts, SignatureHeaders } from './sign.js';
export { verifyParts } from './verify.js';
export type { VerifyOptions, VerifyResult } from './verify.js';
