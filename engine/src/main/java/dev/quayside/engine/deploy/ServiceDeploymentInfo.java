package dev.quayside.engine.deploy;

import java.util.List;

/** What the service deployments API (ListServiceDeployments / DescribeServiceDeployments) adds, where it answers. */
final class ServiceDeploymentInfo {
    final String status;
    final String statusReason;
    final Integer failureCount;
    final Integer threshold;
    final List<String> triggeredAlarms;

    ServiceDeploymentInfo(String status, String statusReason, Integer failureCount, Integer threshold, List<String> triggeredAlarms) {
        this.status = status;
        this.statusReason = statusReason;
        this.failureCount = failureCount;
        this.threshold = threshold;
        this.triggeredAlarms = List.copyOf(triggeredAlarms);
    }

    boolean failedForGood() {
        return status.equals("STOPPED") || rolledBack();
    }

    /** STOPPED alone means superseded (another update); ROLLBACK_* means the circuit breaker or an alarm undid it. */
    boolean rolledBack() {
        return status.startsWith("ROLLBACK_");
    }

    String describe() {
        StringBuilder s = new StringBuilder("service deployment ").append(status);
        if (statusReason != null && !statusReason.isBlank()) {
            s.append(" (").append(statusReason).append(')');
        }
        if (failureCount != null && threshold != null) {
            s.append("; circuit breaker: ").append(failureCount).append(" of ").append(threshold).append(" failed tasks");
        }
        if (!triggeredAlarms.isEmpty()) {
            s.append("; alarms triggered: ").append(String.join(", ", triggeredAlarms));
        }
        return s.toString();
    }
}
