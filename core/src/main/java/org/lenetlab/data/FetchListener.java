package org.lenetlab.data;

/**
 * Hears what {@link MnistFetcher} does, for a command line to render: which source it tries or uses, and the
 * progress of each download or extraction. Both methods do nothing by default.
 */
public interface FetchListener {
    /** A listener that ignores everything. */
    FetchListener SILENT = new FetchListener() { };

    /** A one-line note such as {@code trying https://…/train-images-idx3-ubyte.gz} or {@code using cache …}. */
    default void status(String message) {
    }

    /**
     * Progress of one file.
     *
     * @param file       the name of the file being downloaded or extracted
     * @param bytes      the bytes received so far (compressed bytes for a {@code .gz} download)
     * @param totalBytes the bytes expected in all, or -1 when unknown
     */
    default void progress(String file, long bytes, long totalBytes) {
    }
}
