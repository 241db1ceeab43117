package dev.quayside.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.opentest4j.TestAbortedException;

/**
 * Locates host executables that tests depend on (registry, htpasswd, skopeo).
 *
 * <p>A missing tool aborts the test locally, but fails it when {@code CI=true}, so that a CI image
 * lacking a package cannot turn the integration tests into silent skips.
 */
public final class HostTools {

    private HostTools() {
    }

    /** The executable named {@code command} on PATH or in /usr/bin, if any. */
    public static Optional<Path> find(String command) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        // Surefire or IDE launchers sometimes run with a minimal PATH.
        dirs.add("/usr/bin");
        return dirs.stream()
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * The executable named {@code command}; if absent, fails (CI) or aborts the current test, naming
     * the Debian package that provides it.
     */
    public static Path require(String command, String debianPackage) {
        return require(command, debianPackage, HostTools::find, isCi());
    }

    /**
     * The executable at exactly {@code path} (for tools where another one may come first on PATH, such
     * as the Debian {@code aws} v2 behind an older v1); fails or aborts like {@link #require(String, String)}.
     */
    public static Path requireAt(Path path, String debianPackage) {
        return require(path.toString(), debianPackage, c -> Optional.of(path).filter(Files::isExecutable), isCi());
    }

    /** Whether the environment variable CI is "true". */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static Path require(String command, String debianPackage, Function<String, Optional<Path>> finder, boolean ci) {
        Optional<Path> found = finder.apply(command);
        if (found.isPresent()) {
            return found.get();
        }
        String message = "'" + command + "' not found on PATH or in /usr/bin; install the Debian package '"
                + debianPackage + "' (apt-get install " + debianPackage + ")";
        if (ci) {
            throw new IllegalStateException(message + " [CI=true, so this is a failure, not a skip]");
        }
        throw new TestAbortedException(message);
    }
}
