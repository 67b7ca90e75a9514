package org.lenetlab.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.spec.StoredSpecs;

/**
 * The file each finished cell leaves in the run directory, {@code cells/<id>-<hash>.json}: the cell's definition
 * and its result, written atomically as soon as the cell ends, by whatever ran it (the local run as it records the
 * cell, a Spark task on its executor). With {@code results.json} this is the run directory's record of finished
 * cells: a run that crashed or was stopped between a cell's end and the next write of {@code results.json} loses no
 * finished cell, since {@code --resume} (with any executor) and a retried task take the result from here when the
 * definition is the same.
 */
public final class CellFiles {
    /** The directory inside the run directory. */
    public static final String DIR = "cells";

    private static final ObjectMapper MAPPER = StoredSpecs.tolerant(ResultsWriter.mapper());

    private CellFiles() {
    }

    /** The mapper of cell definitions and results in these files (and between a driver and its tasks). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The file of cell {@code id} in {@code runDir}. */
    public static Path of(Path runDir, String id) {
        String safe = id.replaceAll("[^A-Za-z0-9._=-]+", "_");
        if (safe.length() > 100) {
            safe = safe.substring(0, 100);
        }
        return runDir.resolve(DIR).resolve(safe + "-" + sha256(id).substring(0, 12) + ".json");
    }

    /** Writes {@code result} of {@code cell} atomically. */
    public static void write(Path runDir, CellSpec cell, CellResult result) {
        ObjectNode node = MAPPER.createObjectNode();
        node.set("cell", MAPPER.valueToTree(cell));
        node.set("result", MAPPER.valueToTree(result));
        Path file = of(runDir, cell.id());
        try {
            ResultsWriter.writeAtomically(file, MAPPER.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The finished result of {@code cell} in {@code runDir}, when its file exists, reads, was written for the same
     * definition and did not end {@code interrupted}.
     */
    public static Optional<CellResult> finished(Path runDir, CellSpec cell) {
        Path file = of(runDir, cell.id());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            JsonNode stored = MAPPER.valueToTree(MAPPER.treeToValue(node.path("cell"), CellSpec.class));
            if (!stored.equals(MAPPER.valueToTree(cell))) {
                return Optional.empty();
            }
            CellResult result = MAPPER.treeToValue(node.path("result"), CellResult.class);
            return result == null || result.status() == CellStatus.INTERRUPTED ? Optional.empty()
                    : Optional.of(result);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or from another build: the cell runs again
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
