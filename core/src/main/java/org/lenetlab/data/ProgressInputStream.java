package org.lenetlab.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports the bytes read through it to a {@link FetchListener}. Closing it closes the stream below only if asked. */
final class ProgressInputStream extends FilterInputStream {
    private final String file;
    private final long total;
    private final FetchListener listener;
    private final boolean closeBelow;
    private long bytes;

    ProgressInputStream(InputStream in, String file, long total, FetchListener listener, boolean closeBelow) {
        super(in);
        this.file = file;
        this.total = total;
        this.listener = listener;
        this.closeBelow = closeBelow;
        listener.progress(file, 0, total);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        if (skipped > 0) {
            advance(skipped);
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        if (closeBelow) {
            in.close();
        }
    }

    private void advance(long n) {
        bytes += n;
        listener.progress(file, bytes, total);
    }
}
