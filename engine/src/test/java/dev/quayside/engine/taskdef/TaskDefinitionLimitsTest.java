package dev.quayside.engine.taskdef;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quayside.engine.events.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a task definition file may be: read within a bound, text, and no larger than ECS registers; all before any call. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TaskDefinitionLimitsTest {
    @TempDir
    Path tmp;

    @Test
    void anEndlessFile_isReadOnlyUpToTheBound() {
        assertThatThrownBy(() -> TaskDefinitionDocument.read(Path.of("/dev/zero")))
                .hasMessage("file: /dev/zero is larger than 1024 KiB; a task definition file is far smaller");
    }

    @Test
    void aBinaryFile_isSaidToBeOne() throws Exception {
        Path file = Files.write(tmp.resolve("td.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});

        assertThatThrownBy(() -> TaskDefinitionDocument.read(file)).hasMessage("file: " + file + " is not UTF-8 text (a binary file?)");
    }

    @Test
    void aTaskDefinitionOverEcsLimit_isRefusedBeforeAnyCall() throws Exception {
        StringBuilder env = new StringBuilder();
        for (int i = 0; i < 700; i++) {
            env.append(i == 0 ? "" : ",").append("{\"name\":\"VAR_").append(i).append("\",\"value\":\"").append("x".repeat(90)).append("\"}");
        }
        Path file = Files.writeString(tmp.resolve("big.json"), "{\"family\":\"big\",\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"app:1\","
                + "\"essential\":true,\"memory\":512,\"environment\":[" + env + "]}]}");

        // No ECS client at all: the check must come before any call.
        assertThatThrownBy(() -> new TaskDefinitionService(null, null, "eu-west-1", ProgressListener.NONE)
                .run(TaskDefinitionRequest.builder().file(file).build()))
                .hasMessageContaining("bytes as sent, and ECS registers at most 65536 (64 KiB)");
    }
}
