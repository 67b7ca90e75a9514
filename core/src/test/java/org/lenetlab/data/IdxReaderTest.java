package org.lenetlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.lenetlab.io.HeapBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void roundTripsImagesAndLabels(boolean gzip) {
        byte[] pixels = IdxFiles.pixels(4 * 3 * 5, 7);
        pixels[0] = 0;
        pixels[1] = (byte) 255;
        Path images = file("images", IdxFiles.images(4, 3, 5, pixels), gzip);
        Path labels = file("labels", IdxFiles.labels(3, 0, 9, 1), gzip);

        ImageSet set = IdxReader.readImageSet(images, labels);

        assertEquals(4, set.count());
        assertEquals(3, set.rows());
        assertEquals(5, set.cols());
        assertEquals(15, set.imageSize());
        assertArrayEquals(new int[] {3, 0, 9, 1}, set.labels());
        assertEquals(pixels.length, set.pixels().length);
        for (int i = 0; i < pixels.length; i++) {
            assertEquals((pixels[i] & 0xFF) / 255f, set.pixels()[i], "pixel " + i);
        }
        assertEquals(0f, set.pixels()[0]);
        assertEquals(1f, set.pixels()[1]);
    }

    @Test
    void readsAnEmptySet() {
        ImageSet set = IdxReader.readImageSet(file("i", IdxFiles.images(0, 28, 28, new byte[0]), false),
                file("l", IdxFiles.labels(), false));
        assertEquals(0, set.count());
    }

    @Test
    void gzipIsRecognisedByContentNotName() {
        Path images = IdxFiles.write(dir.resolve("plain-name"), IdxFiles.gzip(IdxFiles.images(1, 1, 2, new byte[] {0, 51})));
        Path labels = IdxFiles.write(dir.resolve("labels.gz"), IdxFiles.labels(4));
        ImageSet set = IdxReader.readImageSet(images, labels);
        assertArrayEquals(new float[] {0f, 0.2f}, set.pixels());
        assertArrayEquals(new int[] {4}, set.labels());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void wrongMagicNamesTheFileAndBothNumbers(boolean gzip) {
        Path labels = file("train-labels-idx1-ubyte", IdxFiles.labels(1, 2), gzip);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(labels));
        assertEquals(labels + ": not an IDX image file (magic 0x00000801, expected 0x00000803)", e.getMessage());

        Path images = file("train-images-idx3-ubyte", IdxFiles.images(1, 1, 1, new byte[1]), gzip);
        e = assertThrows(DataException.class, () -> IdxReader.readLabels(images));
        assertEquals(images + ": not an IDX label file (magic 0x00000803, expected 0x00000801)", e.getMessage());
    }

    @Test
    void truncatedPlainFileSaysExpectedAndActualSize() {
        byte[] full = IdxFiles.images(2, 2, 2, new byte[8]);
        Path images = IdxFiles.write(dir.resolve("images"), Arrays.copyOf(full, full.length - 3));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(images));
        assertEquals(images + ": truncated, expected 24 bytes but the file has 21", e.getMessage());
    }

    @Test
    void truncatedGzipContentSaysExpectedAndActualSize() {
        byte[] full = IdxFiles.images(2, 2, 2, new byte[8]);
        Path images = IdxFiles.write(dir.resolve("images"), IdxFiles.gzip(Arrays.copyOf(full, full.length - 3)));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(images));
        assertEquals(images + ": truncated, expected 24 bytes but it uncompresses to 21", e.getMessage());
    }

    @Test
    void truncatedGzipStreamNamesTheFile() {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(50, 10, 10, IdxFiles.pixels(5000, 3)));
        Path images = IdxFiles.write(dir.resolve("images"), Arrays.copyOf(gz, gz.length / 2));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(images));
        assertTrue(e.getMessage().startsWith(images + ": truncated"), e.getMessage());
    }

    @Test
    void truncatedHeaderNamesTheFile() {
        Path labels = IdxFiles.write(dir.resolve("labels"), new byte[] {0, 0, 8, 1, 0});
        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(labels));
        assertEquals(labels + ": truncated, expected 8 bytes but the file has 5", e.getMessage());
    }

    @Test
    void trailingBytesAreAnError() {
        byte[] full = IdxFiles.labels(1, 2);
        Path labels = IdxFiles.write(dir.resolve("labels"), Arrays.copyOf(full, full.length + 1));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(labels));
        assertEquals(labels + ": longer than its header says (10 bytes), the file has 11", e.getMessage());
    }

    @Test
    void countMismatchNamesBothFiles() {
        Path images = file("images", IdxFiles.images(3, 1, 1, new byte[3]), false);
        Path labels = file("labels", IdxFiles.labels(1, 2), false);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImageSet(images, labels));
        assertEquals(labels + ": 2 labels but " + images + " holds 3 images", e.getMessage());
    }

    @Test
    void labelsOutsideTheClassesAreRejected() {
        Path labels = file("labels", IdxFiles.labels(1, 2, 10, 3), true);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(labels));
        assertEquals(labels + ": label 10 at index 2 is outside 0..9", e.getMessage());
    }

    @Test
    void absurdDimensionsAreRejectedBeforeAllocating() {
        Path huge = file("huge", IdxFiles.images(2_000_000_000, 28, 28, new byte[0]), true);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(huge));
        assertEquals(huge + ": absurd IDX header, 2,000,000,000 images of 28×28 pixels", e.getMessage());

        Path zero = file("zero", IdxFiles.images(1, 0, 28, new byte[0]), false);
        e = assertThrows(DataException.class, () -> IdxReader.readImages(zero));
        assertEquals(zero + ": absurd IDX header, 1 images of 0×28 pixels", e.getMessage());

        Path negative = file("negative", IdxFiles.images(-1, 28, 28, new byte[0]), false);
        e = assertThrows(DataException.class, () -> IdxReader.readImages(negative));
        assertEquals(negative + ": absurd IDX header, dimension 0 is -1", e.getMessage());
    }

    @Test
    void aLargeClaimInAGzipHeaderThatFitsTheHeapIsAllocatedOnlyAsTheDataArrives() {
        int count = (int) Math.min(2_500_000, HeapBudget.bytes() / (28 * 28 * Float.BYTES) / 2);
        Path images = file("images", IdxFiles.images(count, 28, 28, new byte[100]), true);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(images));
        assertEquals(String.format(Locale.ROOT, "%s: truncated, expected %,d bytes but it uncompresses to 116", images,
                16 + 784L * count), e.getMessage());
        int labelCount = (int) Math.min(2_000_000_000, HeapBudget.bytes() / 5 / 2);
        byte[] claim = ByteBuffer.allocate(11).putInt(IdxReader.LABEL_MAGIC).putInt(labelCount).array();
        Path labels = file("labels", claim, true);
        e = assertThrows(DataException.class, () -> IdxReader.readLabels(labels));
        assertEquals(String.format(Locale.ROOT, "%s: truncated, expected %,d bytes but it uncompresses to 11", labels,
                8L + labelCount), e.getMessage());
    }

    @Test
    void aClaimBeyondTheHeapIsRefusedBeforeAnythingIsAllocated() {
        assumeTrue(HeapBudget.bytes() < 2_700_000L * 784 * Float.BYTES, "a heap this large holds any IDX claim");
        for (boolean gzip : new boolean[] {false, true}) {
            Path images = file("images-" + gzip, IdxFiles.images(2_700_000, 28, 28, new byte[100]), gzip);
            DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(images));
            if (gzip) {
                assertTrue(e.getMessage().startsWith(images + ": holding the 2,700,000 images of 28×28 pixels its header"
                        + " declares needs about 8.5 GB of memory, more than half of this JVM's maximum heap"), e.getMessage());
            } else {
                // a plain file is measured against its header first
                assertTrue(e.getMessage().startsWith(images + ": truncated, expected 2,116,800,016 bytes"), e.getMessage());
            }
        }
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nothing-here");
        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void corruptGzipIsNamed() {
        byte[] gz = IdxFiles.gzip(IdxFiles.labels(1, 2, 3));
        gz[12] ^= 0x55;
        gz[13] ^= 0x55;
        Path labels = IdxFiles.write(dir.resolve("labels"), gz);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(labels));
        assertTrue(e.getMessage().startsWith(labels + ": "), e.getMessage());
    }

    private Path file(String name, byte[] bytes, boolean gzip) {
        return IdxFiles.write(dir.resolve(gzip ? name + ".gz" : name), gzip ? IdxFiles.gzip(bytes) : bytes);
    }
}
