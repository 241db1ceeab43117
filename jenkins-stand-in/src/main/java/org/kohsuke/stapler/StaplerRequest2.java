/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/stapler core/src/main/java/org/kohsuke/stapler/StaplerRequest2.java
 * at commit 994adb314 (2024-09-03), read at 135bbbc88aa447ced53f9d4da023ab95b9b315d0 (2026-08-20).
 * Type only (Descriptor.newInstance's parameter); the Jakarta servlet supertype is the real one
 * (jakarta.servlet-api from Maven Central).
 */
package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;

public interface StaplerRequest2 extends HttpServletRequest {
}
