package org.lenetlab.spec;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.lenetlab.data.KnownDataset;

/**
 * Checks an experiment's {@code dataset} before anything is trained: a known name, or a declaration whose four
 * files exist and whose checksums, class names and image shape are well formed. Whether the files hold what their
 * checksums say is checked when they are read.
 */
final class DatasetChecks {
    /** Most classes a declared data set may have: labels are bytes. */
    static final int MAX_CLASSES = 256;
    /** Largest side of a declared data set's images. */
    static final int MAX_SIDE = 1024;

    private DatasetChecks() {
    }

    /**
     * Adds a problem for every bad part of {@code dataset}.
     *
     * @param specDir the directory relative file paths are resolved against
     */
    static void check(DatasetSpec dataset, JsonPath at, Path specDir, List<SpecProblem> problems) {
        if (dataset.name() == null || dataset.name().isBlank()) {
            problems.add(SpecProblem.at(at, "missing required field 'name' (the data set: " + KnownDataset.knownNames()
                    + ", or a name of your own with 'files')"));
            return;
        }
        if (dataset.trainLimit() != null && Limits.outside(dataset.trainLimit(), Limits.MAX_TRAIN_IMAGES) != null) {
            problems.add(SpecProblem.at(at.field("trainLimit"), "must be between 1 and " + Limits.MAX_TRAIN_IMAGES
                    + ", got " + dataset.trainLimit()));
        }
        if (!dataset.isDeclared()) {
            if (KnownDataset.named(dataset.name()).isEmpty()) {
                problems.add(SpecProblem.at(at.field("name"), "unknown data set '" + dataset.name() + "'; known: "
                        + KnownDataset.knownNames() + " (or declare your own with 'files', 'sha256', 'classes' and "
                        + "'imageShape')"));
            }
            for (String field : List.of("sha256", "skipChecksums", "classes", "imageShape")) {
                if (declaredOnly(dataset, field)) {
                    problems.add(SpecProblem.at(at.field(field), "'" + field + "' belongs to a declared data set, "
                            + "which names its four IDX files in 'files'"));
                }
            }
            return;
        }
        if (KnownDataset.named(dataset.name()).isPresent()) {
            problems.add(SpecProblem.at(at.field("name"), "'" + dataset.name() + "' is a known data set; a declared "
                    + "data set needs a name of its own"));
        }
        checkFiles(dataset.files(), at.field("files"), specDir, problems);
        boolean skip = Boolean.TRUE.equals(dataset.skipChecksums());
        if (dataset.sha256() == null) {
            if (!skip) {
                problems.add(SpecProblem.at(at.field("sha256"), "missing the SHA-256 of the four files' uncompressed "
                        + "bytes (trainImages, trainLabels, testImages, testLabels); to use them unchecked, say so "
                        + "with \"skipChecksums\": true"));
            }
        } else {
            if (skip) {
                problems.add(SpecProblem.at(at.field("skipChecksums"), "'sha256' is given, so the checksums cannot "
                        + "be skipped; drop one of the two"));
            }
            for (Map.Entry<String, String> e : dataset.sha256().byField().entrySet()) {
                String sha = e.getValue();
                if (sha == null) {
                    problems.add(SpecProblem.at(at.field("sha256"), "missing the SHA-256 of '" + e.getKey() + "'"));
                } else if (!sha.toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")) {
                    problems.add(SpecProblem.at(at.field("sha256").field(e.getKey()), "not a SHA-256 (64 hex "
                            + "digits): '" + SpecProblem.printable(sha) + "'"));
                }
            }
        }
        List<String> classes = dataset.classes();
        if (classes == null) {
            problems.add(SpecProblem.at(at.field("classes"), "missing the class names of the declared data set "
                    + "(class 0 first)"));
        } else {
            if (classes.size() < 2 || classes.size() > MAX_CLASSES) {
                problems.add(SpecProblem.at(at.field("classes"), "needs 2 to " + MAX_CLASSES + " class names, got "
                        + classes.size()));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < classes.size(); i++) {
                String c = classes.get(i);
                if (c == null || c.isBlank()) {
                    problems.add(SpecProblem.at(at.field("classes").index(i), "a class name must not be empty"));
                } else if (!seen.add(c)) {
                    problems.add(SpecProblem.at(at.field("classes").index(i), "class name '"
                            + SpecProblem.printable(c) + "' appears twice"));
                }
            }
        }
        InputSpec shape = dataset.imageShape();
        if (shape == null) {
            problems.add(SpecProblem.at(at.field("imageShape"), "missing the image shape of the declared data set, "
                    + "e.g. {\"height\": 28, \"width\": 28}"));
        } else {
            if (shape.channels() != 1) {
                problems.add(SpecProblem.at(at.field("imageShape").field("channels"), "IDX images have 1 channel, "
                        + "got " + shape.channels()));
            }
            if (Limits.outside(shape.height(), MAX_SIDE) != null) {
                problems.add(SpecProblem.at(at.field("imageShape").field("height"),
                        Limits.outside(shape.height(), MAX_SIDE)));
            }
            if (Limits.outside(shape.width(), MAX_SIDE) != null) {
                problems.add(SpecProblem.at(at.field("imageShape").field("width"),
                        Limits.outside(shape.width(), MAX_SIDE)));
            }
        }
    }

    private static boolean declaredOnly(DatasetSpec d, String field) {
        return switch (field) {
            case "sha256" -> d.sha256() != null;
            case "skipChecksums" -> d.skipChecksums() != null;
            case "classes" -> d.classes() != null;
            default -> d.imageShape() != null;
        };
    }

    private static void checkFiles(IdxFilesSpec files, JsonPath at, Path specDir, List<SpecProblem> problems) {
        Set<Path> seen = new HashSet<>();
        for (Map.Entry<String, String> e : files.byField().entrySet()) {
            JsonPath here = at.field(e.getKey());
            String value = e.getValue();
            if (value == null || value.isBlank()) {
                problems.add(SpecProblem.at(value == null ? at : here, "missing the path of '" + e.getKey() + "'"));
                continue;
            }
            Path path;
            try {
                path = specDir.resolve(value).toAbsolutePath().normalize();
            } catch (InvalidPathException ex) {
                problems.add(SpecProblem.at(here, "'" + SpecProblem.printable(value) + "' is not a valid path: "
                        + ex.getReason()));
                continue;
            }
            if (!Files.isRegularFile(path)) {
                problems.add(SpecProblem.at(here, path + ": no such file"));
            } else if (!Files.isReadable(path)) {
                problems.add(SpecProblem.at(here, path + ": not readable"));
            } else if (!seen.add(path)) {
                problems.add(SpecProblem.at(here, path + " is named twice; the four files must differ"));
            }
        }
    }
}
