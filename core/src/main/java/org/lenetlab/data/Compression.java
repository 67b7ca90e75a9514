package org.lenetlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.lenetlab.io.InputFiles;
import org.lenetlab.io.InputKind;

/** Opens streams that may be gzip-compressed, recognised by the gzip magic bytes {@code 1f 8b}, not by name. */
final class Compression {
    /** Buffer size for compressed input and for copying. */
    static final int BUFFER = 1 << 16;

    private Compression() {
    }

    /**
     * Opens {@code file} for reading its uncompressed bytes, through the guarded input path (a regular file of at
     * most {@link InputKind#DATA}'s size).
     *
     * @throws org.lenetlab.io.InputFileException when it is not a regular file or is too large
     */
    static InputStream openUncompressed(Path file) throws IOException {
        InputStream raw = InputFiles.open(file, InputKind.DATA);
        try {
            return uncompressed(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** {@code raw} itself, or a gunzipping stream over it when it starts with the gzip magic bytes. */
    static InputStream uncompressed(InputStream raw) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 2);
        byte[] magic = in.readNBytes(2);
        in.unread(magic);
        if (magic.length == 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B) {
            return new GZIPInputStream(in, BUFFER);
        }
        return in;
    }

    /** Whether a stream returned by this class gunzips. */
    static boolean isGzip(InputStream in) {
        return in instanceof GZIPInputStream;
    }
}
