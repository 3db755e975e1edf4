// Types of json-depth.mjs.

/** True when the JSON text in `bytes` opens more than `limit` objects/arrays inside one another. */
export declare function nestsDeeperThan(bytes: Uint8Array, limit: number): boolean;
