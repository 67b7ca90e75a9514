package org.lenetlab.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFilesTest {
    @TempDir
    Path dir;

    @Test
    void fileNamesAreSafeShortAndDistinct() {
        assertEquals("lenet5__cpu__batchSize=64,learningRate=0.001__seed=0.ckpt",
                CheckpointFiles.fileName("lenet5/cpu/batchSize=64,learningRate=0.001/seed=0"));
        assertEquals("_._a_b__c.ckpt", CheckpointFiles.fileName(".. a\\b/c"));
        String longId = "m/cpu/" + "x".repeat(300) + "/seed=";
        String a = CheckpointFiles.fileName(longId + "0");
        String b = CheckpointFiles.fileName(longId + "1");
        assertNotEquals(a, b);
        assertTrue(a.length() < 200, a);
        assertEquals(dir.resolve("checkpoints").resolve("m__s.ckpt"), CheckpointFiles.of(dir, "m/s"));
    }

    @Test
    void removesOnlyTheTemporariesOfAtomicWrites() throws IOException {
        Path ckpts = Files.createDirectories(dir.resolve(CheckpointFiles.DIRECTORY));
        List<Path> temporaries = List.of(dir.resolve(".results.json.123.tmp"), ckpts.resolve(".m__s.ckpt.456.tmp"));
        List<Path> kept = List.of(dir.resolve("results.json"), dir.resolve(".other.tmp"), dir.resolve("report.html"),
                ckpts.resolve("m__s.ckpt"), ckpts.resolve("notes.tmp"));
        for (Path p : temporaries) {
            Files.writeString(p, "x");
        }
        for (Path p : kept) {
            Files.writeString(p, "x");
        }
        CheckpointFiles.removeTemporaries(dir);
        try (Stream<Path> files = Stream.concat(Files.list(dir), Files.list(ckpts))) {
            assertEquals(kept.stream().sorted().toList(),
                    files.filter(Files::isRegularFile).sorted().toList());
        }
        CheckpointFiles.removeTemporaries(dir.resolve("missing"));
    }
}
