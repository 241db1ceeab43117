package dev.quayside.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tar reader on crafted archives (what a pull request can put in a workspace): a size that is
 * negative, not a number or overflowing, a pax record that lies about its length, a huge metadata
 * entry are refused with the offset, never a loop, a raw exception or a large allocation.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TarIndexTest {
    @TempDir
    Path tmp;

    @Test
    void read_aWellFormedArchive_withAPaxPathAndALongName() throws Exception {
        Path tar = write(entry("x", "PaxHeader", pax("path=blobs/sha256/" + "a".repeat(120))), entry("0", "short", "one"),
                entry("L", "././@LongLink", ("manifests/" + "b".repeat(110) + "\0").getBytes(StandardCharsets.UTF_8)), entry("0", "x", "two"));

        TarIndex index = TarIndex.read(tar);

        assertThat(index.entry("blobs/sha256/" + "a".repeat(120))).isPresent();
        assertThat(index.entry("manifests/" + "b".repeat(110))).isPresent();
    }

    @Test
    void read_aNegativePaxSize_isRefused_notLoopedOver() throws Exception {
        Path tar = write(entry("x", "PaxHeader", pax("size=-1024")), entry("0", "file", "data"));

        assertThatThrownBy(() -> TarIndex.read(tar)).hasMessageContaining("gives size '-1024', not a non-negative decimal number");
    }

    @Test
    void read_aNonNumericOrOverflowingPaxSize_isRefused() throws Exception {
        for (String size : new String[] {"12abc", "", "99999999999999999999"}) {
            Path tar = write(entry("x", "PaxHeader", pax("size=" + size)), entry("0", "file", "data"));
            assertThatThrownBy(() -> TarIndex.read(tar)).as(size).hasMessageContaining("not a non-negative decimal number");
        }
    }

    @Test
    void read_paxRecordsThatLieAboutTheirLength_areRefused() throws Exception {
        byte[][] records = {"0 size=5\n".getBytes(StandardCharsets.UTF_8), "99 path=x\n".getBytes(StandardCharsets.UTF_8),
                "path=x\n".getBytes(StandardCharsets.UTF_8), "3 \n".getBytes(StandardCharsets.UTF_8)};
        for (byte[] record : records) {
            Path tar = write(entry("x", "PaxHeader", record), entry("0", "file", "data"));
            assertThatThrownBy(() -> TarIndex.read(tar)).as(new String(record, StandardCharsets.UTF_8)).hasMessageContaining("the pax header at offset 0");
        }
    }

    @Test
    void read_aNegativeBase256Size_isRefused() throws Exception {
        byte[] header = header("0", "file", 0);
        header[124] = (byte) 0xff;
        for (int i = 125; i < 136; i++) {
            header[i] = (byte) 0xff;
        }
        checksum(header);
        Path tar = tmp.resolve("base256.tar");
        Files.write(tar, concat(header, new byte[1024]));

        assertThatThrownBy(() -> TarIndex.read(tar)).hasMessageContaining("negative or oversized base-256 size");
    }

    @Test
    void read_aHugeMetadataEntry_isRefusedWithoutReadingIt() throws Exception {
        Path tar = write(entry("x", "PaxHeader", new byte[2 << 20]));

        assertThatThrownBy(() -> TarIndex.read(tar)).hasMessageContaining("more than 1048576 is not a real one");
    }

    @Test
    void read_anEntryLargerThanTheFile_isTruncation() throws Exception {
        byte[] header = header("0", "file", 1L << 40);
        Path tar = tmp.resolve("short.tar");
        Files.write(tar, concat(header, new byte[1024]));

        assertThatThrownBy(() -> TarIndex.read(tar)).hasMessageContaining("truncated");
    }

    private static byte[] pax(String record) {
        String body = " " + record + "\n";
        int length = body.length() + String.valueOf(body.length()).length();
        if (String.valueOf(length).length() != String.valueOf(body.length()).length()) {
            length++;
        }
        return (length + body).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] entry(String type, String name, String data) {
        return entry(type, name, data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] entry(String type, String name, byte[] data) {
        byte[] padded = new byte[(data.length + 511) / 512 * 512];
        System.arraycopy(data, 0, padded, 0, data.length);
        return concat(header(type, name, data.length), padded);
    }

    private static byte[] header(String type, String name, long size) {
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

    private static void checksum(byte[] h) {
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

    private static void put(byte[] h, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, h, offset, bytes.length);
    }

    private Path write(byte[]... entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            out.write(e);
        }
        out.write(new byte[1024]);
        Path tar = Files.createTempFile(tmp, "crafted", ".tar");
        Files.write(tar, out.toByteArray());
        return tar;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
