// Errors validate reports as the user's input or setup being wrong (exit 2): a step that cannot
// run for real, a missing QEMU, compiler or kernel (with how to install them).

export class ValidateInputError extends Error {
  override readonly name = "ValidateInputError";
}
