package dev.quayside.engine.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The regular files of a tar archive (ustar, GNU long names, pax headers) with their offsets,
 * so that entries can be read in place without extracting the archive.
 */
final class TarIndex {
    private static final int BLOCK = 512;
    /** Long names and pax headers of real archives are a few hundred bytes; a larger one is refused, not read into memory. */
    private static final int MAX_METADATA = 1 << 20;

    private final Path archive;
    private final Map<String, BlobContent> entries;

    private TarIndex(Path archive, Map<String, BlobContent> entries) {
        this.archive = archive;
        this.entries = entries;
    }

    static TarIndex read(Path archive) throws IOException {
        Map<String, BlobContent> entries = new LinkedHashMap<>();
        try (FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ)) {
            long length = channel.size();
            if (length < BLOCK) {
                throw new IOException("it is " + length + " bytes, too short to be a tar archive");
            }
            long position = 0;
            String longName = null;
            Map<String, String> pax = Map.of();
            ByteBuffer header = ByteBuffer.allocate(BLOCK);
            while (position + BLOCK <= length) {
                header.clear();
                readFully(channel, header, position);
                byte[] h = header.array();
                if (isZeroBlock(h)) {
                    break;
                }
                if (!checksumMatches(h)) {
                    throw new IOException("not a tar archive (bad header checksum at offset " + position + ")");
                }
                long size = pax.containsKey("size") ? paxSize(pax.get("size"), position) : parseSize(h, position);
                char type = (char) h[156];
                long dataStart = position + BLOCK;
                // size >= 0 and within the file: the next header is always further on, so the walk ends.
                if (size > length - dataStart) {
                    throw new IOException("the archive is truncated: an entry at offset " + position + " needs " + size + " bytes");
                }
                if (type == 'L' || type == 'x') {
                    if (size > MAX_METADATA) {
                        throw new IOException("the " + (type == 'L' ? "long name" : "pax header") + " at offset " + position + " is " + size
                                + " bytes; more than " + MAX_METADATA + " is not a real one");
                    }
                    byte[] data = new byte[(int) size];
                    readFully(channel, ByteBuffer.wrap(data), dataStart);
                    if (type == 'L') {
                        longName = cString(data, 0, data.length);
                    } else {
                        pax = parsePax(data, position);
                    }
                } else {
                    String name = pax.containsKey("path") ? pax.get("path") : longName != null ? longName : ustarName(h);
                    if (type == '0' || type == '\0' || type == '7') {
                        entries.put(normalize(name), BlobContent.ofFile(archive, dataStart, size));
                    }
                    longName = null;
                    pax = Map.of();
                }
                position = dataStart + (size + BLOCK - 1) / BLOCK * BLOCK;
            }
        }
        return new TarIndex(archive, entries);
    }

    Optional<BlobContent> entry(String name) {
        return Optional.ofNullable(entries.get(normalize(name)));
    }

    Path archive() {
        return archive;
    }

    private static String normalize(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        return n;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long p = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, p);
            if (n < 0) {
                throw new IOException("unexpected end of archive");
            }
            p += n;
        }
    }

    private static boolean isZeroBlock(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean checksumMatches(byte[] h) {
        long stored = parseOctal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        return stored == sum;
    }

    private static long parseSize(byte[] h, long position) throws IOException {
        if ((h[124] & 0x80) != 0) {
            // GNU base-256 for sizes of 8 GiB and more; the sign bit (0xff) would be a negative size.
            if ((h[124] & 0xff) != 0x80) {
                throw new IOException("the entry at offset " + position + " has a negative or oversized base-256 size");
            }
            long v = 0;
            for (int i = 125; i < 136; i++) {
                if ((v >>> 55) != 0) {
                    throw new IOException("the entry at offset " + position + " has a size that overflows");
                }
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        return parseOctal(h, 124, 12);
    }

    private static long paxSize(String value, long position) throws IOException {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IOException("the pax header before offset " + position + " gives size '" + value + "', not a non-negative decimal number");
        }
        return Long.parseLong(value);
    }

    private static long parseOctal(byte[] h, int offset, int length) {
        long v = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = h[i];
            if (b >= '0' && b <= '7') {
                v = v * 8 + (b - '0');
            } else if (b != ' ' && b != 0) {
                break;
            } else if (v > 0) {
                break;
            }
        }
        return v;
    }

    private static boolean allZero(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String ustarName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** pax records are "LENGTH KEY=VALUE\n", LENGTH counting the whole record; anything else is refused. */
    private static Map<String, String> parsePax(byte[] data, long position) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        int i = 0;
        while (i < data.length) {
            int space = i;
            while (space < data.length && data[space] >= '0' && data[space] <= '9' && space - i < 7) {
                space++;
            }
            if (space == i || space >= data.length || data[space] != ' ') {
                if (allZero(data, i)) {
                    break; // padding after the last record
                }
                throw new IOException("the pax header at offset " + position + " has a record that does not start with its length");
            }
            int recordLength = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
            if (recordLength < space - i + 3 || recordLength > data.length - i || data[i + recordLength - 1] != '\n') {
                throw new IOException("the pax header at offset " + position + " has a record of length " + recordLength + " that does not fit it");
            }
            String record = new String(data, space + 1, i + recordLength - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq > 0) {
                values.put(record.substring(0, eq), record.substring(eq + 1));
            }
            i += recordLength;
        }
        return values;
    }
}
