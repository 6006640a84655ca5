/** [path relative to the checkout, size, mtimeMs, ctimeMs] of one source file. */
export type FileStamp = [string, number, number, number];

export interface BundleManifest {
  format: number;
  root: string;
  node: string;
  /** The chunk directory's name, under the bundle directory. */
  dir: string;
  entry: string;
  chunks: string[];
  files: FileStamp[];
}

export const MANIFEST_FORMAT: number;
export const LOCK_MS: number;
/** The bundle's directory for the checkout at `root`. */
export function bundleDir(root: string): string;
export function fileStamp(root: string, rel: string): FileStamp | null;
/** Why the manifest does not describe a usable bundle; null when it does. */
export function staleReason(manifest: unknown, root: string, dir: string): string | null;
export function readManifest(dir: string): unknown;
/** The path of the fresh bundle's entry for this command line, or undefined (load the sources). */
export function bundledEntry(root: string, argv: readonly string[]): Promise<string | undefined>;
