package org.lenetlab.reports;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds the notes about the report's inputs: runs that used different copies of a data file, and test images that
 * are missing or differ from the runs' own (the misclassified digits are drawn from them).
 */
final class InputNotesBuilder {
    /** The data file whose images the digits are drawn from. */
    static final String TEST_IMAGES_FILE = "t10k-images-idx3-ubyte";

    private InputNotesBuilder() {
    }

    /** The notes, in order: data files that differ between runs, then the test images. */
    static List<String> build(List<LoadedResults> runs, Optional<TestImages> images) {
        List<String> notes = new ArrayList<>();
        Map<String, Map<String, String>> digestsByFile = new LinkedHashMap<>();
        for (LoadedResults run : runs) {
            if (run.results().data() != null) {
                run.results().data().forEach((file, sha) ->
                        digestsByFile.computeIfAbsent(file, f -> new LinkedHashMap<>()).put(run.label(), sha));
            }
        }
        digestsByFile.forEach((file, byRun) -> {
            if (new HashSet<>(byRun.values()).size() > 1) {
                notes.add("The runs used different copies of " + file + ": " + byRun.entrySet().stream()
                        .map(e -> e.getKey() + " " + shortSha(e.getValue())).collect(Collectors.joining(", ")) + ".");
            }
        });
        if (images.isEmpty()) {
            notes.add("The MNIST test images were not available, so misclassified digits are listed by index only.");
            return notes;
        }
        String ours = images.get().sha256().get(TEST_IMAGES_FILE);
        Map<String, String> theirs = digestsByFile.getOrDefault(TEST_IMAGES_FILE, Map.of());
        List<String> differing = theirs.entrySet().stream().filter(e -> ours != null && !ours.equals(e.getValue()))
                .map(Map.Entry::getKey).toList();
        if (!differing.isEmpty()) {
            notes.add("The test images the digits are drawn from (" + TEST_IMAGES_FILE + " " + shortSha(ours)
                    + ") differ from those of " + String.join(", ", differing) + ".");
        }
        return notes;
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }
}
