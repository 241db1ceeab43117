/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/stapler core/src/main/java/org/kohsuke/stapler/verb/POST.java
 * at commit 74da67fd8 (2024-05-17), read at 135bbbc88aa447ced53f9d4da023ab95b9b315d0 (2026-08-20).
 * Meta-annotation @InterceptorAnnotation(HttpVerbInterceptor.class, stage = SELECTION) left out.
 */
package org.kohsuke.stapler.verb;

import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

@Target(ElementType.METHOD)
@Retention(RUNTIME)
@Documented
public @interface POST {
}
