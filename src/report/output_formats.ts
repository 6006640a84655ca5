// The output formats of run and compare: a literal list, light enough for the CLI's option specs.

export const OUTPUT_FORMATS = ["text", "wide", "json", "csv", "markdown"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
