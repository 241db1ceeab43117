/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/stapler core/src/main/java/org/kohsuke/stapler/DataBoundConstructor.java
 * at commit 994adb314 (2024-09-03), read at 135bbbc88aa447ced53f9d4da023ab95b9b315d0 (2026-08-20).
 */
package org.kohsuke.stapler;

import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

@Retention(RUNTIME)
@Target(ElementType.CONSTRUCTOR)
@Documented
public @interface DataBoundConstructor {
}
