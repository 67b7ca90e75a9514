package org.lenetlab.data;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers what a fetcher reported. */
final class RecordingListener implements FetchListener {
    final List<String> statuses = new CopyOnWriteArrayList<>();
    final List<String> progress = new CopyOnWriteArrayList<>();

    @Override
    public void status(String message) {
        statuses.add(message);
    }

    @Override
    public void progress(String file, long bytes, long totalBytes) {
        progress.add(file + " " + bytes + "/" + totalBytes);
    }

    boolean anyStatusContains(String text) {
        return statuses.stream().anyMatch(s -> s.contains(text));
    }
}
