/** Turns Node's compile cache on for pinsim's modules; returns its directory, or undefined when it is off. */
export function enableCompileCache(): string | undefined;
