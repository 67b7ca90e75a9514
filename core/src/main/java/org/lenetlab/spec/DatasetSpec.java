package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lenetlab.data.KnownDataset;

/**
 * The data set of an experiment: one known by name ({@code mnist}, {@code fashion-mnist}), or one the user declares
 * by its four IDX files.
 *
 * @param name          the data set's name: a known one, or any name for a declared one (which gives {@code files})
 * @param trainLimit    optional: train on the first N training images only (the test set is always whole)
 * @param files         a declared data set's four IDX files, plain or gzip; relative paths are relative to the
 *                      experiment spec (the reader stores them resolved)
 * @param sha256        the SHA-256 of each declared file's uncompressed bytes; required unless
 *                      {@code skipChecksums} is true
 * @param skipChecksums the explicit opt-out of checking a declared data set's files; their SHA-256s are still
 *                      computed and recorded, and results record that they were not checked
 * @param classes       a declared data set's class names, class 0 first (labels must lie below their number)
 * @param imageShape    a declared data set's image shape, one channel
 */
public record DatasetSpec(String name, Integer trainLimit,
                          @JsonInclude(JsonInclude.Include.NON_NULL) IdxFilesSpec files,
                          @JsonInclude(JsonInclude.Include.NON_NULL) IdxFilesSpec sha256,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Boolean skipChecksums,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<String> classes,
                          @JsonInclude(JsonInclude.Include.NON_NULL) InputSpec imageShape) {
    /** The full MNIST data set. */
    public static final DatasetSpec MNIST = new DatasetSpec("mnist", null);

    /** Copies the class names. */
    public DatasetSpec {
        classes = classes == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(classes));
    }

    /** A data set known by name. */
    public DatasetSpec(String name, Integer trainLimit) {
        this(name, trainLimit, null, null, null, null, null);
    }

    /** Whether the user declares the files (rather than naming a known data set). */
    @JsonIgnore
    public boolean isDeclared() {
        return files != null;
    }

    /** The known data set this names, if it declares no files. */
    @JsonIgnore
    public Optional<KnownDataset> known() {
        return isDeclared() ? Optional.empty() : KnownDataset.named(name);
    }

    /** The class names: declared, or the known data set's; empty when neither (a spec error reported elsewhere). */
    @JsonIgnore
    public List<String> classNames() {
        if (classes != null) {
            return classes;
        }
        return known().map(KnownDataset::classNames).orElse(List.of());
    }

    /** The number of classes, 10 for the known data sets. */
    @JsonIgnore
    public int classCount() {
        return classNames().size();
    }

    /** The shape of one image: declared, or 1×28×28 for the known data sets. */
    @JsonIgnore
    public InputSpec shape() {
        return imageShape != null ? new InputSpec(1, imageShape.height(), imageShape.width()) : InputSpec.MNIST;
    }

    /** The same with the training limit replaced. */
    public DatasetSpec withTrainLimit(Integer limit) {
        return new DatasetSpec(name, limit, files, sha256, skipChecksums, classes, imageShape);
    }

    /** The same with relative file paths resolved against {@code dir}, normalised. */
    public DatasetSpec resolvedAgainst(Path dir) {
        if (files == null) {
            return this;
        }
        return new DatasetSpec(name, trainLimit, files.map(p -> p == null ? null
                : dir.resolve(p).toAbsolutePath().normalize().toString()), sha256, skipChecksums, classes, imageShape);
    }
}
