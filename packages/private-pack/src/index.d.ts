export interface Packed {
  /** The tarball's path. */
  tarball: string;
  /** Paths inside the package, as `npm pack --json` lists them. */
  files: string[];
  manifest: { name: string; version: string; files: string[]; scripts: Record<string, string> } & Record<string, unknown>;
}

/**
 * `npm pack` of the workspace package in `packageDir` without writing anything in it: its files
 * are copied under `tmp`, built there by its own `tsc` build with `--outDir` into the copy, and
 * packed with `--ignore-scripts` into `tmp/tarballs`. Rejects on a build that is not `tsc …`.
 */
export declare function packPrivately(packageDir: string, tmp: string): Promise<Packed>;

/** Every file under `dirs` (relative to `root`) with its size and mtime: to show a run left them alone. */
export declare function treeState(root: string, dirs: string[]): Promise<Record<string, string>>;
