package dev.quayside.testing.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strict reader for the small ustar archives the tests write; validates every header. */
final class TarEntries {

    record Entry(String name, char type, byte[] content) {
    }

    private TarEntries() {
    }

    static List<Entry> read(Path tar) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tar)) {
            while (true) {
                byte[] header = in.readNBytes(512);
                if (header.length != 512) {
                    throw new IOException("truncated header after " + entries.size() + " entries");
                }
                if (isZero(header)) {
                    if (!isZero(in.readNBytes(512))) {
                        throw new IOException("end marker is not two zero blocks");
                    }
                    if (in.read() != -1) {
                        throw new IOException("data after end marker");
                    }
                    return entries;
                }
                String magic = new String(header, 257, 6, StandardCharsets.US_ASCII);
                if (!magic.equals("ustar\0") || header[263] != '0' || header[264] != '0') {
                    throw new IOException("not a POSIX ustar header: " + magic);
                }
                long stored = Long.parseLong(field(header, 148, 8), 8);
                byte[] copy = header.clone();
                Arrays.fill(copy, 148, 156, (byte) ' ');
                long sum = 0;
                for (byte b : copy) {
                    sum += b & 0xFF;
                }
                if (sum != stored) {
                    throw new IOException("bad checksum for " + field(header, 0, 100));
                }
                long size = Long.parseLong(field(header, 124, 12), 8);
                byte[] content = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                entries.add(new Entry(field(header, 0, 100), (char) header[156], content));
            }
        }
    }

    /** Regular files by name. */
    static Map<String, byte[]> files(Path tar) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Entry entry : read(tar)) {
            if (entry.type() == '0') {
                files.put(entry.name(), entry.content());
            }
        }
        return files;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII).trim();
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return block.length == 512;
    }
}
