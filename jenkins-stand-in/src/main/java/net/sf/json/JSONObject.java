/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/json-lib src/main/java/net/sf/json/JSONObject.java
 * at commit 1d3fd56fcdfe98ac1af58fc58037f828d3ad0193.
 * The real class extends AbstractJSON implements JSON, Map, Comparable (left out: not used as
 * such by the plugin) and has a public no-arg constructor.
 */
package net.sf.json;

public final class JSONObject {
    private JSONObject() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public String optString(String key) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public JSONObject discard(String key) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
