package dev.quayside.engine.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Streams a blob into an HTTP request body in fixed-size chunks read on demand, so memory stays
 * constant whatever the layer size. Reports each chunk to a byte counter for progress.
 */
final class BlobPublisher implements Flow.Publisher<ByteBuffer> {
    private static final int CHUNK = 256 * 1024;

    private final BlobContent content;
    private final LongConsumer onBytes;

    BlobPublisher(BlobContent content, LongConsumer onBytes) {
        this.content = content;
        this.onBytes = onBytes;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        FileChannel channel;
        try {
            channel = content.openChannel();
        } catch (IOException e) {
            subscriber.onSubscribe(new Subscription(subscriber, null));
            subscriber.onError(e);
            return;
        }
        subscriber.onSubscribe(new Subscription(subscriber, channel));
    }

    private final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final FileChannel channel;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicBoolean done = new AtomicBoolean();
        private long position;

        Subscription(Flow.Subscriber<? super ByteBuffer> subscriber, FileChannel channel) {
            this.subscriber = subscriber;
            this.channel = channel;
            if (channel == null && content.file() != null) {
                done.set(true);
            }
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                finish(new IllegalArgumentException("non-positive request " + n));
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            drain();
        }

        @Override
        public void cancel() {
            close();
        }

        // Only one thread emits at a time; request() from inside onNext just raises the demand.
        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            while (true) {
                while (demand.get() > 0 && !done.get()) {
                    if (position >= content.size()) {
                        finish(null);
                        return;
                    }
                    ByteBuffer buffer;
                    try {
                        buffer = content.chunk(channel, position, (int) Math.min(CHUNK, content.size() - position));
                    } catch (IOException | UncheckedIOException e) {
                        finish(e);
                        return;
                    }
                    position += buffer.remaining();
                    demand.decrementAndGet();
                    onBytes.accept(buffer.remaining());
                    subscriber.onNext(buffer);
                }
                if (position >= content.size() && !done.get()) {
                    finish(null);
                    return;
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        private void finish(Throwable error) {
            if (done.compareAndSet(false, true)) {
                close();
                if (error == null) {
                    subscriber.onComplete();
                } else {
                    subscriber.onError(error);
                }
            }
        }

        private void close() {
            done.set(true);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Nothing to do: the channel was only read.
                }
            }
        }
    }
}
