/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/model/AbstractDescribableImpl.java
 * at commit 34075a804f (2025-04-10), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Deprecated since 2.505 with an empty body; workflow-step-api's Step still extends it.
 */
package hudson.model;

@Deprecated(since = "2.505")
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
    public AbstractDescribableImpl() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
