package org.lenetlab.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Hostile ZIP files made from good ones: an entry replaced, an entry whose declared size lies. */
public final class ZipFixtures {
    private ZipFixtures() {
    }

    /** A copy of {@code from} whose entry {@code name} is replaced by {@code content(old bytes)}, deflated. */
    public static Path withEntry(Path from, Path to, String name, UnaryOperator<byte[]> content) throws IOException {
        try (ZipFile in = new ZipFile(from.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            out.setLevel(Deflater.BEST_SPEED);
            for (ZipEntry e : Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(e).readAllBytes();
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(e.getName().equals(name) ? content.apply(bytes) : bytes);
                out.closeEntry();
            }
        }
        return to;
    }

    /**
     * Makes the ZIP's central directory declare {@code size} uncompressed bytes for entry {@code name}, whatever it
     * inflates to: an entry that lies about its size (Java's {@code ZipFile} believes the central directory).
     */
    public static Path lyingAboutSize(Path zip, String name, int size) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (int i = 0; i + 46 + nameBytes.length <= bytes.length; i++) {
            if (b.getInt(i) == 0x02014b50 && b.getShort(i + 28) == nameBytes.length
                    && Arrays.equals(bytes, i + 46, i + 46 + nameBytes.length, nameBytes, 0, nameBytes.length)) {
                b.putInt(i + 24, size);
                found = true;
            }
        }
        if (!found) {
            throw new IOException("no central directory entry " + name + " in " + zip);
        }
        return Files.write(zip, bytes);
    }
}
