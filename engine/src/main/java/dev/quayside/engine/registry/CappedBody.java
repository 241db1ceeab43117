package dev.quayside.engine.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into a string, refused (and the exchange cancelled) once it exceeds a limit;
 * each chunk that arrives is reported, so that the caller can tell a slow answer from a stalled one.
 */
final class CappedBody implements HttpResponse.BodySubscriber<String> {
    /** The body was larger than the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(int limit) {
            super("the response body is larger than " + limit + " bytes");
        }
    }

    private final int limit;
    private final Runnable onChunk;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private CappedBody(int limit, Runnable onChunk) {
        this.limit = limit;
        this.onChunk = onChunk;
    }

    static CappedBody of(int limit, Runnable onChunk) {
        return new CappedBody(limit, onChunk);
    }

    @Override
    public CompletionStage<String> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        onChunk.run();
        for (ByteBuffer b : buffers) {
            if (bytes.size() + b.remaining() > limit) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(limit));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toString(StandardCharsets.UTF_8));
    }
}
