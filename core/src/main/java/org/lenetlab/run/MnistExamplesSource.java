package org.lenetlab.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lenetlab.data.FetchListener;
import org.lenetlab.data.ImageSet;
import org.lenetlab.data.Mnist;
import org.lenetlab.data.MnistFetcher;
import org.lenetlab.data.MnistLoader;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.DatasetSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.train.Examples;

/**
 * MNIST for the cells of a run: fetched and verified once, loaded once, and normalised once per distinct
 * normalisation and training limit (the last one is kept, since matrix cells with equal settings are adjacent).
 */
public final class MnistExamplesSource implements ExamplesSource {
    private final MnistFetcher fetcher;
    private final Path dataDir;
    private Mnist mnist;
    private Key lastKey;
    private Split lastSplit;

    private MnistExamplesSource(MnistFetcher fetcher, Path dataDir) {
        this.fetcher = fetcher;
        this.dataDir = dataDir;
    }

    /** A source that finds the files with {@link MnistFetcher} ({@code dataDir} may be {@code null}). */
    public static MnistExamplesSource fetching(Path dataDir, FetchListener listener) {
        return new MnistExamplesSource(new MnistFetcher(listener), dataDir);
    }

    /** Fetches, verifies and loads the data now, if not done yet. */
    public synchronized Mnist load() {
        if (mnist == null) {
            mnist = MnistLoader.load(fetcher.fetch(Optional.ofNullable(dataDir)));
        }
        return mnist;
    }

    @Override
    public synchronized Split prepare(DatasetSpec dataset, Normalization normalization, Integer trainLimit) {
        if (!"mnist".equals(dataset.name())) {
            throw new IllegalArgumentException("unknown data set " + dataset.name());
        }
        Key key = new Key(normalization, trainLimit);
        if (!key.equals(lastKey)) {
            lastSplit = null; // let the previous copy go before making the next
            Mnist m = load().withTrainLimit(trainLimit).normalized(normalization.mean(), normalization.std());
            lastSplit = new Split(examples(m.train()), examples(m.test()));
            lastKey = key;
        }
        return lastSplit;
    }

    @Override
    public synchronized Map<String, String> fileDigests() {
        return mnist == null ? Map.of() : mnist.sha256();
    }

    private static Examples examples(ImageSet set) {
        return new Examples(set.pixels(), set.labels(), set.count(), Shape.of(1, set.rows(), set.cols()));
    }

    private record Key(Normalization normalization, Integer trainLimit) {
        Key {
            Objects.requireNonNull(normalization);
        }
    }
}
