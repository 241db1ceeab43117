package dev.quayside.engine.ecr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

/**
 * A private Docker configuration directory (0700, config.json 0600) holding {@code auths} for the
 * given logins, to be used as {@code DOCKER_CONFIG}: the password is never on a command line and
 * never in the user's {@code ~/.docker}. A directory we created is removed on close, whatever happened.
 */
public final class DockerConfigDir implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final boolean owned;
    private final List<String> registries;

    private DockerConfigDir(Path path, boolean owned, List<String> registries) {
        this.path = path;
        this.owned = owned;
        this.registries = List.copyOf(registries);
    }

    /** A fresh private temporary directory under {@code parent} (the system temp dir when null). */
    public static DockerConfigDir createTemporary(Path parent, List<EcrLogin> logins) {
        Path dir;
        try {
            dir = parent == null
                    ? Files.createTempDirectory("quayside-docker-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory(parent, "quayside-docker-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw QuaysideException.of(Failure.REMOTE, "create a private Docker config directory", String.valueOf(e.getMessage()),
                    "Check that the temporary directory is writable.", e);
        }
        DockerConfigDir config = new DockerConfigDir(dir, true, logins.stream().map(EcrLogin::registry).toList());
        try {
            config.write(logins);
        } catch (RuntimeException e) {
            config.close();
            throw e;
        }
        return config;
    }

    /** Writes into a directory the user named (created 0700 if missing); it is kept on close. */
    public static DockerConfigDir writeInto(Path dir, List<EcrLogin> logins) {
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else if (!Files.isDirectory(dir)) {
                throw QuaysideException.invalidInput("dir", dir + " exists and is not a directory");
            }
        } catch (IOException e) {
            throw QuaysideException.invalidInput("dir", "cannot create " + dir + ": " + e.getMessage());
        }
        DockerConfigDir config = new DockerConfigDir(dir, false, logins.stream().map(EcrLogin::registry).toList());
        config.write(logins);
        return config;
    }

    private void write(List<EcrLogin> logins) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode auths = root.putObject("auths");
        for (EcrLogin login : logins) {
            String pair = login.username() + ":" + login.password().reveal();
            auths.putObject(login.registry()).put("auth", Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        Path file = path.resolve("config.json");
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                JSON.writerWithDefaultPrettyPrinter().writeValue(out, root);
            }
        } catch (IOException e) {
            throw QuaysideException.of(Failure.REMOTE, "write the Docker config in " + path, String.valueOf(e.getMessage()), null, e);
        }
    }

    /** The directory to use as DOCKER_CONFIG. */
    public Path path() {
        return path;
    }

    public Path configFile() {
        return path.resolve("config.json");
    }

    /** The registries (host[:port]) logged in. */
    public List<String> registries() {
        return registries;
    }

    @Override
    public void close() {
        if (!owned || !Files.exists(path)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw QuaysideException.of(Failure.REMOTE, "remove the Docker config directory " + path, String.valueOf(e.getMessage()),
                    "Delete it by hand: it holds a registry token.", e);
        }
    }

    @Override
    public String toString() {
        return "DockerConfigDir[" + path + ", " + registries + "]";
    }
}
