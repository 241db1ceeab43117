package dev.quayside.engine.registry;

import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.time.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Daemonless push over the OCI distribution protocol. Blobs go first, in parallel: skipped when the
 * registry has them, mounted from another repository of the same registry when we know one that
 * has them, otherwise streamed from the file. Child manifests of an index follow, and the tags
 * last, so a tag never points at something incomplete. Transient failures (connection resets,
 * 5xx) retry with backoff in a fresh upload session.
 *
 * <p>The pusher owns the HTTP client it is given: {@link #close()} stops it.
 */
public final class RegistryPusher implements AutoCloseable {
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private final HttpClient http;
    private final ProgressListener listener;
    private final Clock clock;
    private final Sleeper sleeper;
    /** registry -> blob -> a repository known to hold it, to mount instead of upload on later pushes. */
    private final Map<String, Map<Digest, String>> knownBlobs = new ConcurrentHashMap<>();

    private RegistryPusher(HttpClient http, ProgressListener listener, Clock clock, Sleeper sleeper) {
        this.http = http;
        this.listener = listener;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public static RegistryPusher create(ProgressListener listener, Clock clock, Sleeper sleeper) {
        return create(HttpClients.registryClient(Map.of()), listener, clock, sleeper);
    }

    public static RegistryPusher create(HttpClient http, ProgressListener listener, Clock clock, Sleeper sleeper) {
        return new RegistryPusher(http, listener, clock, sleeper);
    }

    /** Stops the HTTP client's threads; pushes after this fail. */
    @Override
    public void close() {
        HttpClients.shutdownNow(http);
    }

    public PushResult push(PushRequest request, RegistryCredentials credentials) {
        RegistryClient client = new RegistryClient(http, request.endpoint(), request.registry(), credentials, request.requestTimeout());
        LoadedImage image = request.image();
        String target = request.repositoryUri();
        List<String> scopes = new ArrayList<>();
        scopes.add(request.repository());
        request.mountFrom().forEach(r -> scopes.add(r.replace("repository:", "")));
        try {
            retrying(request, "reach " + request.registry(), () -> {
                client.ping(scopes);
                return null;
            });
            listener.onEvent(Event.of(Event.Level.INFO, "push.start",
                    "Pushing " + image.description() + " (" + image.blobs().size() + " blobs, " + human(image.totalBlobBytes()) + ") to " + target,
                    Map.of("source", image.description(), "repository", target)));
            Counts counts = pushBlobs(request, client);
            for (LoadedImage.Manifest child : image.children()) {
                putManifest(request, client, child, child.descriptor().digest().toString());
            }
            List<String> references = request.tags().isEmpty() ? List.of(image.digest().toString()) : request.tags();
            for (String reference : references) {
                putManifest(request, client, image.root(), reference);
            }
            PushResult result = PushResult.of(target, image.digest(), image.root().descriptor().mediaType(), request.tags(),
                    counts.uploaded, counts.existing, counts.mounted, counts.bytes.get());
            listener.onEvent(Event.of(Event.Level.INFO, "push.done",
                    "Pushed " + result.imageUriWithDigest() + (request.tags().isEmpty() ? "" : " tags " + String.join(", ", request.tags()))
                            + " (" + counts.uploaded + " uploaded, " + counts.existing + " already there, " + counts.mounted + " mounted)",
                    Map.of("digest", image.digest().toString(), "repository", target)));
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QuaysideException.of(Failure.INTERRUPTED, "push " + image.description() + " to " + target, "the push was interrupted",
                    "No tag was moved unless it was reported as pushed.");
        }
    }

    private static final class Counts {
        int uploaded;
        int existing;
        int mounted;
        final AtomicLong bytes = new AtomicLong();
    }

    private enum Outcome { EXISTS, MOUNTED, UPLOADED }

    private Counts pushBlobs(PushRequest request, RegistryClient client) throws InterruptedException {
        LoadedImage image = request.image();
        Counts counts = new Counts();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(request.parallelism(), Math.max(1, image.blobs().size())), r -> {
            Thread t = new Thread(r, "quayside-push");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<Descriptor, Future<Outcome>> futures = new LinkedHashMap<>();
            for (Descriptor blob : image.blobs()) {
                futures.put(blob, pool.submit(() -> pushBlob(request, client, blob, counts.bytes)));
            }
            for (Map.Entry<Descriptor, Future<Outcome>> f : futures.entrySet()) {
                Outcome outcome;
                try {
                    outcome = f.getValue().get();
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    Throwable cause = e.getCause();
                    if (cause instanceof QuaysideException) {
                        throw (QuaysideException) cause;
                    }
                    if (cause instanceof InterruptedException) {
                        throw (InterruptedException) cause;
                    }
                    throw QuaysideException.of(Failure.REMOTE, "push blob " + f.getKey().digest() + " to " + request.repositoryUri(),
                            String.valueOf(cause), null, cause);
                }
                switch (outcome) {
                    case EXISTS: counts.existing++; break;
                    case MOUNTED: counts.mounted++; break;
                    default: counts.uploaded++; break;
                }
                knownBlobs.computeIfAbsent(request.registry(), k -> new ConcurrentHashMap<>()).putIfAbsent(f.getKey().digest(), request.repository());
            }
            return counts;
        } finally {
            pool.shutdownNow();
        }
    }

    private Outcome pushBlob(PushRequest request, RegistryClient client, Descriptor blob, AtomicLong totalBytes) throws IOException, InterruptedException {
        String repo = request.repository();
        BlobContent content = request.image().content(blob.digest());
        String role = blob.mediaType().contains("config") ? "config" : "layer";
        return retrying(request, "push blob " + blob.digest() + " to " + request.repositoryUri(), () -> {
            if (client.blobExists(repo, blob.digest())) {
                emit("blob.exists", blob, "exists   " + blob.digest().shortForm() + " " + human(blob.size()) + " (" + role + ")", Map.of());
                return Outcome.EXISTS;
            }
            Optional<URI> session = Optional.empty();
            for (String from : mountCandidates(request, blob.digest())) {
                session = client.startUpload(repo, blob.digest(), from);
                if (session.isEmpty()) {
                    emit("blob.mounted", blob, "mounted  " + blob.digest().shortForm() + " " + human(blob.size()) + " from " + from, Map.of("from", from));
                    return Outcome.MOUNTED;
                }
            }
            URI upload = session.isPresent() ? session.get() : client.startUpload(repo, blob.digest(), null).orElseThrow();
            Instant start = clock.instant();
            AtomicLong sent = new AtomicLong();
            AtomicLong lastReport = new AtomicLong(start.toEpochMilli());
            client.upload(upload, repo, blob, content, role, n -> {
                long now = clock.millis();
                long s = sent.addAndGet(n);
                long last = lastReport.get();
                if (now - last >= PROGRESS_INTERVAL.toMillis() && s < blob.size() && lastReport.compareAndSet(last, now)) {
                    emit("blob.progress", blob, "sending  " + blob.digest().shortForm() + " " + human(s) + " of " + human(blob.size()),
                            Map.of("sent", s));
                }
            });
            totalBytes.addAndGet(blob.size());
            Duration took = Duration.between(start, clock.instant());
            emit("blob.uploaded", blob, "uploaded " + blob.digest().shortForm() + " " + human(blob.size()) + " (" + role + ") in "
                    + String.format("%.1f s", took.toMillis() / 1000.0), Map.of("millis", took.toMillis()));
            return Outcome.UPLOADED;
        });
    }

    private List<String> mountCandidates(PushRequest request, Digest digest) {
        List<String> candidates = new ArrayList<>();
        String known = knownBlobs.getOrDefault(request.registry(), Map.of()).get(digest);
        if (known != null && !known.equals(request.repository())) {
            candidates.add(known);
        }
        for (String from : request.mountFrom()) {
            if (!from.equals(request.repository()) && !candidates.contains(from)) {
                candidates.add(from);
            }
        }
        return candidates;
    }

    private void putManifest(PushRequest request, RegistryClient client, LoadedImage.Manifest manifest, String reference) throws InterruptedException {
        Descriptor d = manifest.descriptor();
        String what = "push manifest " + d.digest() + " as " + request.repositoryUri() + (reference.startsWith("sha256:") ? "@" : ":") + reference;
        Optional<String> reported = retrying(request, what, () -> client.putManifest(request.repository(), reference, d.mediaType(), manifest.bytes()));
        if (reported.isPresent() && !reported.get().equals(d.digest().toString())) {
            throw QuaysideException.of(Failure.REMOTE, what, "the registry stored it as " + reported.get() + ", not " + d.digest(),
                    "The registry rewrote the manifest; use a registry that stores manifests as sent.");
        }
        listener.onEvent(Event.of(Event.Level.INFO, "manifest.pushed",
                "manifest " + d.digest().shortForm() + (d.platform() == null ? "" : " (" + d.platform() + ")") + " -> "
                        + request.repositoryUri() + (reference.startsWith("sha256:") ? "@" + d.digest().shortForm() : ":" + reference),
                Map.of("digest", d.digest().toString(), "reference", reference)));
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws IOException, InterruptedException;
    }

    private <T> T retrying(PushRequest request, String what, Attempt<T> attempt) throws InterruptedException {
        int max = request.retries().maxAttempts();
        for (int i = 1; ; i++) {
            try {
                return attempt.run();
            } catch (RegistryClient.TransientException e) {
                if (i >= max) {
                    throw QuaysideException.of(Failure.REMOTE, what, e.getMessage() + " (" + max + " attempts)",
                            "Check that " + request.registry() + " is reachable from here (endpoint " + request.endpoint() + ") and try again.", e);
                }
                Duration wait = request.retries().delayAfter(i, ThreadLocalRandom.current()::nextDouble);
                Optional<Duration> asked = e.retryAfter();
                if (asked.isPresent() && asked.get().compareTo(wait) > 0) {
                    // The registry's Retry-After, within a bound: a registry must not park a release for hours.
                    wait = asked.get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked.get();
                }
                listener.onEvent(Event.of(Event.Level.WARNING, "push.retry",
                        "retrying in " + wait.toMillis() + " ms (attempt " + (i + 1) + " of " + max + "): " + e.getMessage(),
                        Map.of("attempt", i + 1)));
                sleeper.sleep(wait);
            } catch (IOException e) {
                throw QuaysideException.of(Failure.REMOTE, what, String.valueOf(e.getMessage()), null, e);
            }
        }
    }

    private void emit(String type, Descriptor blob, String message, Map<String, Object> extra) {
        Map<String, Object> attributes = new LinkedHashMap<>(extra);
        attributes.put("digest", blob.digest().toString());
        attributes.put("size", blob.size());
        listener.onEvent(Event.of(type.equals("blob.progress") ? Event.Level.DEBUG : Event.Level.INFO, type, message, attributes));
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format("%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
