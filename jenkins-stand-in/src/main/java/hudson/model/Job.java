/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/model/Job.java
 * at commit 4a2f5f24b9 (2026-01-23), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Type only (the bound of Run's parameters). The real class extends AbstractItem and its
 * constructor is protected Job(ItemGroup, String).
 */
package hudson.model;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable {
    protected Job() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
