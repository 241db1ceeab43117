package dev.quayside.engine.scan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A completed scan as the gate judged it: counts per severity, and the findings that block and that were allowed. */
public final class ScanGateResult implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One finding: id (a CVE), severity, package and version, the fixed version when known, a link. */
    public record Finding(String id, Severity severity, String packageName, String packageVersion, String fixedVersion, String uri)
            implements Serializable {
        /** "CRITICAL CVE-2024-0001 openssl 3.0.1 (fixed in 3.0.2) https://...". */
        public String describe() {
            return severity + " " + id + (packageName == null ? "" : " " + packageName + (packageVersion == null ? "" : " " + packageVersion))
                    + (fixedVersion == null ? "" : " (fixed in " + fixedVersion + ")") + (uri == null ? "" : " " + uri);
        }
    }

    private final String image;
    private final LinkedHashMap<String, Integer> counts;
    private final ArrayList<Finding> blocking;
    private final ArrayList<Finding> allowed;

    ScanGateResult(String image, Map<String, Integer> counts, List<Finding> blocking, List<Finding> allowed) {
        this.image = image;
        this.counts = new LinkedHashMap<>(counts);
        this.blocking = new ArrayList<>(blocking);
        this.allowed = new ArrayList<>(allowed);
    }

    public String image() {
        return image;
    }

    /** Findings per severity, highest first, as ECR counts them. */
    public Map<String, Integer> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** Findings at or above the threshold that are not allowed; empty when the gate passed. */
    public List<Finding> blocking() {
        return Collections.unmodifiableList(blocking);
    }

    /** Findings at or above the threshold that the request allowed. */
    public List<Finding> allowed() {
        return Collections.unmodifiableList(allowed);
    }

    public boolean passed() {
        return blocking.isEmpty();
    }
}
