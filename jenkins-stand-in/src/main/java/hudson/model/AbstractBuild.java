/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/model/AbstractBuild.java
 * at commit read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Type only (the bound of AbstractProject's parameters).
 */
package hudson.model;

import java.io.IOException;

public abstract class AbstractBuild<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>> extends Run<P, R> {
    protected AbstractBuild(P job) throws IOException {
        super(job);
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
