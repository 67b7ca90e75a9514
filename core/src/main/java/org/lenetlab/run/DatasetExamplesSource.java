package org.lenetlab.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lenetlab.data.DataException;
import org.lenetlab.data.DeclaredDataset;
import org.lenetlab.data.FetchListener;
import org.lenetlab.data.ImageSet;
import org.lenetlab.data.KnownDataset;
import org.lenetlab.data.Mnist;
import org.lenetlab.data.MnistFetcher;
import org.lenetlab.data.MnistLoader;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.DatasetSpec;
import org.lenetlab.spec.IdxFilesSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.train.Examples;

/**
 * The data set of a run's cells, known by name (fetched with {@link MnistFetcher}) or declared by its files:
 * verified and loaded once, and normalised once per distinct normalisation and training limit (the last one is kept,
 * since matrix cells with equal settings are adjacent).
 */
public final class DatasetExamplesSource implements ExamplesSource {
    private final Path dataDir;
    private final FetchListener listener;
    private DatasetSpec loadedSpec;
    private Mnist loaded;
    private Key lastKey;
    private Split lastSplit;

    private DatasetExamplesSource(Path dataDir, FetchListener listener) {
        this.dataDir = dataDir;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * A source that finds a known data set's files with {@link MnistFetcher}, in {@code dataDir} when that is not
     * {@code null}; a declared data set's files are where its spec says.
     */
    public static DatasetExamplesSource fetching(Path dataDir, FetchListener listener) {
        return new DatasetExamplesSource(dataDir, listener);
    }

    /**
     * Fetches, verifies and loads {@code dataset} now, if not done yet (a source holds one data set at a time).
     *
     * @throws DataException naming the file (and, for a declared data set, the spec field) when one is missing or
     *                       wrong
     */
    public synchronized Mnist load(DatasetSpec dataset) {
        DatasetSpec identity = dataset.withTrainLimit(null);
        if (loaded == null || !identity.equals(loadedSpec)) {
            loaded = null;
            lastKey = null;
            lastSplit = null;
            loaded = read(identity);
            loadedSpec = identity;
        }
        return loaded;
    }

    private Mnist read(DatasetSpec dataset) {
        if (dataset.isDeclared()) {
            return declared(dataset).load();
        }
        KnownDataset known = dataset.known().orElseThrow(() -> new DataException("unknown data set '"
                + dataset.name() + "'; known: " + KnownDataset.knownNames()));
        Mnist data = MnistLoader.load(new MnistFetcher(known, listener).fetch(Optional.ofNullable(dataDir)));
        if (known == KnownDataset.MNIST) {
            return data; // MNIST's files keep the plain names in provenance, as before other data sets existed
        }
        Map<String, String> digests = new LinkedHashMap<>();
        data.sha256().forEach((file, sha) -> digests.put(known.name() + "/" + file, sha));
        return new Mnist(data.train(), data.test(), digests);
    }

    /** The declared data set of a spec that declares one. */
    public static DeclaredDataset declared(DatasetSpec dataset) {
        IdxFilesSpec f = dataset.files();
        Map<String, Path> files = new LinkedHashMap<>();
        f.byField().forEach((role, path) -> files.put(role, Path.of(path)));
        Optional<Map<String, String>> sha = Optional.ofNullable(dataset.sha256()).map(IdxFilesSpec::byField);
        return new DeclaredDataset(dataset.name(), files, sha, dataset.classCount(), dataset.shape().height(),
                dataset.shape().width());
    }

    @Override
    public synchronized Split prepare(DatasetSpec dataset, Normalization normalization, Integer trainLimit) {
        Mnist data = load(dataset);
        Key key = new Key(normalization, trainLimit);
        if (!key.equals(lastKey)) {
            lastSplit = null; // let the previous copy go before making the next
            Mnist m = data.withTrainLimit(trainLimit).normalized(normalization.mean(), normalization.std());
            lastSplit = new Split(examples(m.train()), examples(m.test()));
            lastKey = key;
        }
        return lastSplit;
    }

    @Override
    public synchronized Map<String, String> fileDigests() {
        return loaded == null ? Map.of() : loaded.sha256();
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
