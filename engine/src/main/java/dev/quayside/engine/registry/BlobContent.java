package dev.quayside.engine.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Where a blob's bytes are: a region of a file (a blob file, or an entry inside a tar archive) or,
 * for the small documents we generate ourselves, bytes in memory. Uploads read file regions in
 * chunks, so memory does not grow with layer size.
 */
public final class BlobContent {
    private static final boolean MAP_FILES = !System.getProperty("os.name", "").startsWith("Windows");

    private final Path file;
    private final long offset;
    private final long size;
    private final byte[] bytes;

    private BlobContent(Path file, long offset, long size, byte[] bytes) {
        this.file = file;
        this.offset = offset;
        this.size = size;
        this.bytes = bytes;
    }

    public static BlobContent ofFile(Path file, long offset, long size) {
        return new BlobContent(Objects.requireNonNull(file), offset, size, null);
    }

    public static BlobContent ofBytes(byte[] bytes) {
        return new BlobContent(null, 0, bytes.length, bytes.clone());
    }

    public long size() {
        return size;
    }

    /** The file the bytes are in, for messages; null for in-memory content. */
    public Path file() {
        return file;
    }

    public InputStream open() throws IOException {
        if (bytes != null) {
            return new ByteArrayInputStream(bytes);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(offset);
        return new BoundedInputStream(Channels.newInputStream(channel), size);
    }

    /**
     * {@code length} bytes at {@code position} (relative to the blob). From a file, a read-only mapping of the region:
     * the socket writes it from the page cache, where a heap buffer costs two copies (the file into the heap, the heap
     * into the JDK's direct buffer for the socket): a third of the CPU of a 600 MiB push (docs/benchmarks.md). Not on
     * Windows, where a mapped file cannot be deleted until the mapping is collected: the workspace of a long-lived
     * agent JVM would stay locked.
     */
    ByteBuffer chunk(FileChannel channel, long position, int length) throws IOException {
        if (bytes != null) {
            return ByteBuffer.wrap(bytes, (int) position, length).asReadOnlyBuffer();
        }
        long available = channel.size() - offset;
        if (position + length > available) {
            throw cutShort(Math.max(0, available));
        }
        if (MAP_FILES) {
            return channel.map(FileChannel.MapMode.READ_ONLY, offset + position, length);
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + position + buffer.position()) < 0) {
                throw cutShort(position + buffer.position());
            }
        }
        return buffer.flip();
    }

    private IOException cutShort(long after) {
        return new IOException("unexpected end of " + file + " after " + after + " of " + size + " bytes");
    }

    FileChannel openChannel() throws IOException {
        return bytes == null ? FileChannel.open(file, StandardOpenOption.READ) : null;
    }

    /** Reads a small blob fully (manifests, configs, JSON files in archives). */
    public byte[] readAll(int maxBytes) throws IOException {
        if (size > maxBytes) {
            throw new IOException((file == null ? "document" : file.toString()) + " is " + size + " bytes, more than the " + maxBytes + " expected");
        }
        if (bytes != null) {
            return bytes.clone();
        }
        try (InputStream in = open()) {
            return in.readAllBytes();
        }
    }

    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
