/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/model/Queue.java
 * at commit read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Only the nested interface Task (its supertypes ModelObject, SubTask left out). The real Queue
 * extends ResourceController implements Saveable and has a public constructor
 * Queue(LoadBalancer); made private here so the plugin cannot use it.
 */
package hudson.model;

public class Queue {
    private Queue() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public interface Task {
    }
}
