/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from spring-projects/spring-security core/src/main/java/org/springframework/security/core/Authentication.java
 * at commit ca7d055c2b7533161d56d968d11d5b47c0703711 (the interface Jenkins core 2.555.x uses via Spring Security 6.x).
 * Type only: Jenkins' current authentication type (ACL.SYSTEM2, Tasks.getAuthenticationOf2,
 * includeMatchingAs).
 */
package org.springframework.security.core;

import java.io.Serializable;
import java.security.Principal;

public interface Authentication extends Principal, Serializable {
}
