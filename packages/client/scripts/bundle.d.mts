import type { BuildOptions, BuildResult } from 'esbuild';

/** `build(options)` with `write: false`; rejects on any error or warning, with esbuild's messages. */
export function bundle<T extends BuildOptions>(options: T): Promise<BuildResult<T & { write: false }>>;
