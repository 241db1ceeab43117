package dev.quayside.cli;

import dev.quayside.engine.errors.Failure;

/** The documented exit codes (docs/cli.md). */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int REMOTE = 3;
    static final int TIMEOUT = 4;
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    static int of(Failure failure) {
        switch (failure) {
            case INVALID_INPUT: return BAD_INPUT;
            case REJECTED: return FAILED;
            case TIMEOUT: return TIMEOUT;
            case INTERRUPTED: return INTERRUPTED;
            default: return REMOTE;
        }
    }
}
