// Secrets in what the emulator shows (answers, exports, the deliveries' record): masked as
// `******`, in one place.

export const MASK = '******';

const USERINFO = /(\w+:\/\/)[^/@\s<>]+@/g;

/** Text with every URL's user information (`rtsp://admin:pass@…`) masked. */
export const maskUserinfo = (text: string): string => text.replace(USERINFO, `$1${MASK}@`);

/** A URL with its user information and its query (`?access_token=…`) masked. */
export const maskUrl = (url: string): string => maskUserinfo(url).replace(/\?[^#\s]*/, `?${MASK}`);
