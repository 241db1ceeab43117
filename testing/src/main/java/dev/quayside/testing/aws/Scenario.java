package dev.quayside.testing.aws;

/**
 * How the tasks of a service's next deployments behave in the {@link EcsServices ECS simulator}, set
 * per service with {@link EcsServices#scenario(String, Scenario)}. A deployment takes the scenario in
 * force when it is created (CreateService, UpdateService); a rollback brings back a deployment with
 * the behaviour it had. Timings come from {@link EcsServices.Timings}.
 */
public enum Scenario {

    /**
     * {@link #CANNOT_PULL} if an image is missing from the fronted registry; else what the first image's
     * config label {@code dev.quayside.simulator.scenario} names (an image built to fail, as the demo's
     * release 1.2 is); else {@link #HEALTHY}.
     */
    AUTO,

    /** Tasks start, pass their health checks, the old tasks drain and the deployment completes. */
    HEALTHY,

    /**
     * Every task stops while PENDING with stop code TaskFailedToStart and a CannotPullContainerError
     * for the first container's image; the circuit breaker (if enabled) fails the deployment and, with
     * rollback, brings back the last completed one.
     */
    CANNOT_PULL,

    /**
     * Tasks reach RUNNING but fail their container health checks after the health-check period; the
     * scheduler stops them (exit code 137) and replaces them until the circuit breaker trips.
     */
    FAILING_HEALTH_CHECK,

    /**
     * Like {@link #CANNOT_PULL}, but the deployment behaves as if its circuit breaker were
     * {@code {enable: true, rollback: false}}: it ends FAILED and stays PRIMARY.
     */
    FAILED_NO_ROLLBACK,

    /** Like {@link #HEALTHY}, but each task needs {@link EcsServices.Timings#slowHealthCheck()} to become healthy. */
    SLOW
}
