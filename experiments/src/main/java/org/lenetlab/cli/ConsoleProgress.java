package org.lenetlab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.lenetlab.data.FetchListener;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.run.CellSpec;
import org.lenetlab.run.RunListener;
import org.lenetlab.train.EpochResult;
import org.lenetlab.train.TrainingListener;

/**
 * Shows a run's progress: on a terminal a progress bar per cell (epoch, batch, loss, images/s); otherwise plain
 * lines, one per epoch, fit for CI logs.
 */
final class ConsoleProgress implements RunListener {
    private final PrintWriter out;
    private final boolean terminal;

    ConsoleProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    FetchListener fetchListener() {
        return new FetchListener() {
            private long lastPrinted = -1;

            @Override
            public void status(String message) {
                out.println("data: " + message);
                out.flush();
            }

            @Override
            public void progress(String file, long bytes, long totalBytes) {
                long step = terminal ? 1 << 20 : 10 << 20;
                if (bytes / step != lastPrinted || bytes == totalBytes) {
                    lastPrinted = bytes / step;
                    String total = totalBytes > 0 ? String.format(Locale.ROOT, " of %.1f MB", totalBytes / 1e6) : "";
                    String line = String.format(Locale.ROOT, "data: %s %.1f MB%s", file, bytes / 1e6, total);
                    if (terminal) {
                        out.print("\r" + line);
                        if (bytes == totalBytes) {
                            out.println();
                        }
                    } else {
                        out.println(line);
                    }
                    out.flush();
                }
            }
        };
    }

    @Override
    public TrainingListener cellStarted(int index, int total, CellSpec cell) {
        String prefix = String.format(Locale.ROOT, "[%d/%d] %s", index + 1, total, cell.id());
        out.println(prefix);
        out.flush();
        return terminal ? new BarListener(prefix) : new LineListener(prefix);
    }

    @Override
    public void cellKept(int index, int total, CellResult result) {
        out.printf(Locale.ROOT, "[%d/%d] %s: kept from the run being resumed (%s)%n", index + 1, total, result.id(),
                result.status() == CellStatus.OK
                        ? String.format(Locale.ROOT, "ok, test accuracy %.2f%%", result.testAccuracy() * 100)
                        : result.status().jsonName() + ": " + result.reason());
        out.flush();
    }

    /** A one-line note (a cell continues from its checkpoint, a checkpoint is ignored). */
    void note(String message) {
        out.println("note: " + message);
        out.flush();
    }

    @Override
    public void cellFinished(int index, int total, CellResult result) {
        if (result.status() == CellStatus.OK) {
            out.printf(Locale.ROOT, "[%d/%d] %s: ok, test accuracy %.2f%%, %.0f train images/s, %.0f inference images/s%n",
                    index + 1, total, result.id(), result.testAccuracy() * 100, result.timings().trainImagesPerSecond(),
                    result.timings().inferenceImagesPerSecond());
        } else {
            out.printf(Locale.ROOT, "[%d/%d] %s: %s: %s%n", index + 1, total, result.id(), result.status().jsonName(),
                    result.reason());
        }
        out.flush();
    }

    private String epochLine(String prefix, EpochResult e, int epochs) {
        return String.format(Locale.ROOT,
                "%s epoch %d/%d: train loss %.4f, train accuracy %.2f%%, test accuracy %.2f%%, %.0f images/s, %.1f s",
                prefix, e.epoch(), epochs, e.trainLoss(), e.trainAccuracy() * 100, e.testAccuracy() * 100,
                e.trainImagesPerSecond(), e.trainSeconds());
    }

    /** Plain lines, one per epoch. */
    private final class LineListener implements TrainingListener {
        private final String prefix;
        private int epochs;

        LineListener(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void epochStarted(int epoch, int epochs, int batches) {
            this.epochs = epochs;
        }

        @Override
        public void epochFinished(EpochResult result) {
            out.println(epochLine(prefix, result, epochs));
            out.flush();
        }
    }

    /** A progress bar over the batches of one epoch, redrawn in place. */
    private final class BarListener implements TrainingListener {
        private final String prefix;
        private ProgressBar bar;
        private int epochs;

        BarListener(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void epochStarted(int epoch, int epochs, int batches) {
            this.epochs = epochs;
            bar = new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + epochs).setInitialMax(batches)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                    .setMaxRenderedLength(120).continuousUpdate().clearDisplayOnFinish().build();
        }

        @Override
        public void batchFinished(int epoch, int batch, int batches, double meanLoss, double imagesPerSecond) {
            bar.stepTo(batch);
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f  %.0f img/s", meanLoss, imagesPerSecond));
        }

        @Override
        public void epochFinished(EpochResult result) {
            bar.close();
            out.println(epochLine(prefix, result, epochs));
            out.flush();
        }
    }
}
