// The error-code catalogues, code → { status, message, description, advice }, as a subpath of
// their own (`@vias-openapi/client/error-codes`) so the main bundle carries only the codes.
export { errorCodes as VIAS_ERROR_CODES } from './generated/vias/error-codes.js';
export { errorCodes as VAS_ERROR_CODES } from './generated/vas/error-codes.js';
