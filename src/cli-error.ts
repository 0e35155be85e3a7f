/** A command that cannot be done as asked: the CLI prints the message and exits 2. */
export class UsageError extends Error {}
