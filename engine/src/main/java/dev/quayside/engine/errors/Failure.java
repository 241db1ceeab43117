package dev.quayside.engine.errors;

/** What kind of failure an engine operation met; front ends map it to exit codes or build results. */
public enum Failure {
    /** The user's input is wrong; nothing was changed. */
    INVALID_INPUT,
    /** The operation ran and was refused or did not reach its goal (e.g. immutable tag, failed rollout). */
    REJECTED,
    /** AWS, the registry or the network failed. */
    REMOTE,
    /** The user's timeout passed. */
    TIMEOUT,
    /** The operation was interrupted. */
    INTERRUPTED
}
