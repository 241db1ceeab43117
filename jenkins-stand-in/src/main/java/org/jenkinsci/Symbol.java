/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/lib-symbol-annotation src/main/java/org/jenkinsci/Symbol.java
 * at commit 8a5658c (2021-11-20), read at 248321f271243097ad3d3de3222b75b7ed7ba765.
 * Meta-annotation @Indexed (annotation-indexer) left out.
 */
package org.jenkinsci;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Documented
public @interface Symbol {
    String[] value();
}
