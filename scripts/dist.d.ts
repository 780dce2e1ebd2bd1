/** The types of scripts/dist.js (for bench/cli-start.ts). */
export declare const STAMP: string;
export declare function distIsFresh(root: string): boolean;
