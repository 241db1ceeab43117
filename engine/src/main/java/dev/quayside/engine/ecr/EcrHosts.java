package dev.quayside.engine.ecr;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recognises ECR registry host names: {@code <account>.dkr.ecr.<region>.amazonaws.com[.cn]}. */
public final class EcrHosts {
    private static final Pattern HOST = Pattern.compile("([0-9]{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

    private final String registryId;
    private final String region;

    private EcrHosts(String registryId, String region) {
        this.registryId = registryId;
        this.region = region;
    }

    public static Optional<EcrHosts> parse(String host) {
        if (host == null) {
            return Optional.empty();
        }
        Matcher m = HOST.matcher(host);
        return m.matches() ? Optional.of(new EcrHosts(m.group(1), m.group(2))) : Optional.empty();
    }

    public String registryId() {
        return registryId;
    }

    public String region() {
        return region;
    }
}
