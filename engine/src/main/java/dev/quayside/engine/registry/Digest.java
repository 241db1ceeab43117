package dev.quayside.engine.registry;

import dev.quayside.engine.errors.QuaysideException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** A content digest, {@code sha256:<64 hex>} (the only algorithm registries and ECR accept for pushes). */
public final class Digest {
    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");

    private final String value;

    private Digest(String value) {
        this.value = value;
    }

    public static Digest of(String value) {
        if (value == null || !SHA256.matcher(value).matches()) {
            throw QuaysideException.invalidInput("digest", "'" + value + "' is not a sha256 digest (sha256:<64 lowercase hex>)");
        }
        return new Digest(value);
    }

    public static boolean isValid(String value) {
        return value != null && SHA256.matcher(value).matches();
    }

    public static Digest sha256(byte[] content) {
        return new Digest("sha256:" + HexFormat.of().formatHex(newSha256().digest(content)));
    }

    public static Digest fromHex(byte[] digestBytes) {
        return new Digest("sha256:" + HexFormat.of().formatHex(digestBytes));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The hex part, as used for file names in image layouts. */
    public String hex() {
        return value.substring("sha256:".length());
    }

    /** Short form for log lines: {@code sha256:0123456789ab}. */
    public String shortForm() {
        return value.substring(0, "sha256:".length() + 12);
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest && ((Digest) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }
}
