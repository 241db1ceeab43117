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
        Path tar = Tars.write(tmp, Tars.entry("x", "PaxHeader", Tars.pax("path=blobs/sha256/" + "a".repeat(120))), Tars.entry("0", "short", "one"),
                Tars.entry("L", "././@LongLink", ("manifests/" + "b".repeat(110) + "\0").getBytes(StandardCharsets.UTF_8)), Tars.entry("0", "x", "two"));

        TarIndex index = TarIndex.read(tar);

        assertThat(index.entry("blobs/sha256/" + "a".repeat(120))).isPresent();
        assertThat(index.entry("manifests/" + "b".repeat(110))).isPresent();
    }

    @Test
    void read_aNegativePaxSize_isRefused_notLoopedOver() throws Exception {
        Path tar = Tars.write(tmp, Tars.entry("x", "PaxHeader", Tars.pax("size=-1024")), Tars.entry("0", "file", "data"));

        assertThatThrownBy(() -> TarIndex.read(tar)).hasMessageContaining("gives size '-1024', not a non-negative decimal number");
    }

    @Test
    void read_aNonNumericOrOverflowingPaxSize_isRefused() throws Exception {
        for (String size : new String[] {"12abc", "", "99999999999999999999"}) {
            Path tar = Tars.write(tmp, Tars.entry("x", "PaxHeader", Tars.pax("size=" + size)), Tars.entry("0", "file", "data"));
            assertThatThrownBy(() -> TarIndex.read(tar)).as(size).hasMessageContaining("not a non-negative decimal number");
        }
    }

    @Test
    void read_paxRecordsThatLieAboutTheirLength_areRefused() throws Exception {
        byte[][] records = {"0 size=5\n".getBytes(StandardCharsets.UTF_8), "99 path=x\n".getBytes(StandardCharsets.UTF_8),
                "path=x\n".getBytes(StandardCharsets.UTF_8), "3 \n".getBytes(StandardCharsets.UTF_8)};
        for (byte[] record : records) {
            Path tar = Tars.write(tmp, Tars.entry("x", "PaxHeader", record), Tars.entry("0", "file", "data"));
            assertThatThrownBy(() -> TarIndex.read(tar)).as(new String(record, StandardCharsets.UTF_8)).hasMessageContaining("the pax header at offset 0");
        }
    }

    @Test
    void read_aNegativeBase256Size_isRefused() throws Exception {
        byte[] header = Tars.header("0", "file", 0);
        header[124] = (byte) 0xff;
        for (int i = 125; i < 136; i++) {
            header[i] = (byte) 0xff;
        }
        Tars.checksum(header);
        Path tar = tmp.resolve("base256.tar");
        Files.write(tar, Tars.concat(header, new byte[1024]));

        assertThatThrownBy(() -> TarIndex.read(tar)).hasMessageContaining("negative or oversized base-256 size");
    }

    @Test
    void read_aHugeMetadataEntry_isRefusedWithoutReadingIt() throws Exception {
        Path tar = Tars.write(tmp, Tars.entry("x", "PaxHeader", new byte[2 << 20]));

        assertThatThrownBy(() -> TarIndex.read(tar)).hasMessageContaining("more than 1048576 is not a real one");
    }

    @Test
    void read_anEntryLargerThanTheFile_isTruncation() throws Exception {
        byte[] header = Tars.header("0", "file", 1L << 40);
        Path tar = tmp.resolve("short.tar");
        Files.write(tar, Tars.concat(header, new byte[1024]));

        assertThatThrownBy(() -> TarIndex.read(tar)).hasMessageContaining("truncated");
    }
}
