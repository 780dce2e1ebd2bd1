/**
 * Bad input from a person or a file: a wrong score, an unknown year, a broken row. It names the field and
 * says, in Thai and in English, what is wrong and what is allowed. The CLI prints both and exits 1; the API
 * will answer 400 with both.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** Where the problem is: "indicators.3", "year", "row 4, column 7", ... */
  readonly field: string;
  readonly th: string;
  readonly en: string;

  constructor(field: string, th: string, en: string) {
    super(`${field}: ${en}`);
    this.field = field;
    this.th = th;
    this.en = en;
  }
}

/** Several problems found at once (an import file with many bad rows), each with its place. */
export class InputErrors extends Error {
  override readonly name = 'InputErrors';
  readonly errors: readonly InputError[];

  constructor(errors: readonly InputError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.errors = errors;
  }
}
