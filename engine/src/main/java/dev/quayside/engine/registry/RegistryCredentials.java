package dev.quayside.engine.registry;

import dev.quayside.engine.errors.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * The login for a registry. ECR logins expire (12 h), so a push that meets a 401 asks for a fresh one
 * once through {@link #refresh()}.
 */
public interface RegistryCredentials {
    Optional<Login> current();

    /** A fresh login after the registry refused the current one; by default the same one. */
    default Optional<Login> refresh() {
        return current();
    }

    static RegistryCredentials anonymous() {
        return Optional::empty;
    }

    static RegistryCredentials of(String username, Secret password) {
        Login login = new Login(username, password);
        return () -> Optional.of(login);
    }

    /** A username and password; the password never shows in {@code toString()}. */
    final class Login {
        private final String username;
        private final Secret password;

        public Login(String username, Secret password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
        }

        public String username() {
            return username;
        }

        public Secret password() {
            return password;
        }

        @Override
        public String toString() {
            return "Login[" + username + "]";
        }
    }
}
