package dev.quayside.testing.aws;

import java.util.List;

/**
 * What the simulated tasks' apps write to their awslogs streams, as a small Node.js app would: the same
 * lines for every task of a behaviour, without task ids, so that the tails of several tasks read alike.
 * {@value #PORT} stands for the container's first mapped port (3000 without one).
 */
final class TaskLogs {

    static final String PORT = "{port}";
    static final String MIGRATION = "20260101_add_orders";

    private TaskLogs() {
    }

    /** A healthy (or slow) service task, when it starts RUNNING. */
    static List<String> healthyStarted() {
        return List.of(
                "Starting server (NODE_ENV=production)",
                "Connected to PostgreSQL at 10.0.1.5:5432",
                "Listening on port " + PORT);
    }

    /** A task that will fail its health checks, when it starts RUNNING. */
    static List<String> failingStarted() {
        return List.of(
                "Starting server (NODE_ENV=production)",
                "Listening on port " + PORT);
    }

    /** The same task halfway to its failed health check. */
    static List<String> failingError() {
        return List.of(
                "Error: connect ECONNREFUSED 10.0.1.5:5432",
                "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)",
                "GET /health 503 - database unavailable");
    }

    /** A RunTask task (a database migration), when it starts RUNNING. */
    static List<String> migrationStarted() {
        return List.of(
                "Connected to PostgreSQL at 10.0.1.5:5432",
                "Running migration " + MIGRATION + " ...");
    }

    /** The same task when its essential container exits with {@code exitCode}. */
    static List<String> migrationExited(int exitCode) {
        if (exitCode == 0) {
            return List.of(
                    "Running migration " + MIGRATION + " ... done",
                    "Migrations complete: 1 applied");
        }
        return List.of(
                "Running migration " + MIGRATION + " ... failed",
                "error: relation \"orders\" already exists",
                "Migration failed, exiting with code " + exitCode);
    }
}
