package dev.quayside.engine.registry;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tar archives written byte by byte, for tests of what a crafted archive can do. */
final class Tars {
    private Tars() {
    }

    static byte[] pax(String record) {
        String body = " " + record + "\n";
        int length = body.length() + String.valueOf(body.length()).length();
        if (String.valueOf(length).length() != String.valueOf(body.length()).length()) {
            length++;
        }
        return (length + body).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] entry(String type, String name, String data) {
        return entry(type, name, data.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] entry(String type, String name, byte[] data) {
        byte[] padded = new byte[(data.length + 511) / 512 * 512];
        System.arraycopy(data, 0, padded, 0, data.length);
        return concat(header(type, name, data.length), padded);
    }

    static byte[] header(String type, String name, long size) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = (byte) type.charAt(0);
        put(h, 257, "ustar");
        put(h, 263, "00");
        checksum(h);
        return h;
    }

    static void checksum(byte[] h) {
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
    }

    static void put(byte[] h, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, h, offset, bytes.length);
    }

    static Path write(Path tmp, byte[]... entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            out.write(e);
        }
        out.write(new byte[1024]);
        Path tar = Files.createTempFile(tmp, "crafted", ".tar");
        Files.write(tar, out.toByteArray());
        return tar;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
